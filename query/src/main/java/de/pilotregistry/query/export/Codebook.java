package de.pilotregistry.query.export;

import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.codes.Group;
import de.pilotregistry.shared.codes.Sex;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What every exported variable means, so that R or Stata users need not ask, and what protects the persons. */
final class Codebook {

    static final String[] PERSON_COLUMNS = {"research_id", "group", "stratum", "sex", "age_class", "applicant_type",
            "claim_at_start_band", "entitled", "monthly_claim_band", "employment_type", "caseworker", "contacts",
            "quasi_identifiers_suppressed"};
    static final String[] FACT_COLUMNS = {"fact", "research_id", "type", "effective_date", "recorded_on",
            "withdrawn_on", "corrects", "employment_type", "weekly_hours", "monthly_wage_band", "monthly_claim_band",
            "channel", "outcome", "reason", "counts"};
    static final String[] SUMMARY_COLUMNS = {"group", "persons", "persons_suppressed", "entitled",
            "entitled_suppressed", "exited", "exited_suppressed", "employed", "employed_suppressed"};
    static final String[] STRATA_COLUMNS = {"stratum", "group", "persons", "persons_suppressed", "exited",
            "exited_suppressed", "employed", "employed_suppressed"};
    static final String[] CODEBOOK_COLUMNS = {"file", "variable", "type", "meaning", "codes"};

    private static final String BAND = "integer (EUR)";
    private static final String SUPPRESSED = "0/1";

    private static final String[][] ENTRIES = {
            {"persons.csv", "research_id", "string", "research id of the person in this pilot's exports: the same in every export of the pilot, another in other pilots; not the registry's pseudonym", ""},
            {"persons.csv", "group", "categorical", "group drawn (intention to treat); only persons drawn into a group are exported", "PARTICIPANT|COMPARISON"},
            {"persons.csv", "stratum", "string", "stratum of the draw: VARIABLE=VALUE joined by |; empty when a quasi-identifier in it is suppressed", ""},
            {"persons.csv", "sex", "categorical", "sex; empty when suppressed for k-anonymity", codes(Sex.class)},
            {"persons.csv", "age_class", "categorical", "main age class on the pilot start; empty when suppressed", codes(AgeClass.class)},
            {"persons.csv", "applicant_type", "categorical", "BA profile; empty when suppressed", codes(ApplicantType.class)},
            {"persons.csv", "claim_at_start_band", BAND, "monthly claim on the pilot start, lower bound of its 50-EUR band (850 = 850 to 899.99); empty when suppressed", ""},
            {"persons.csv", "entitled", "0/1", "1 = entitled to benefits on validAt (breaks of up to 7 days are not exits)", "0|1"},
            {"persons.csv", "monthly_claim_band", BAND, "monthly claim on validAt, lower bound of its 50-EUR band; empty when not entitled or suppressed", ""},
            {"persons.csv", "employment_type", "categorical", "type of the job held on validAt; empty when none", codes(EmploymentType.class)},
            {"persons.csv", "caseworker", "string", "pilot caseworker on validAt as a code of this export (CW01, CW02, ...; participants only)", ""},
            {"persons.csv", "contacts", "integer", "attended contacts up to validAt", ""},
            {"persons.csv", "quasi_identifiers_suppressed", SUPPRESSED, "1 = one or more of sex, age_class, applicant_type and the claim bands were emptied for k-anonymity (README.txt)", "0|1"},
            {"facts.csv", "fact", "integer", "number of the fact in this export (record order)", ""},
            {"facts.csv", "research_id", "string", "research id, as in persons.csv", ""},
            {"facts.csv", "type", "categorical", "kind of fact", codes(FactType.class)},
            {"facts.csv", "effective_date", "date (YYYY-MM-DD)", "day the fact became true (valid time); empty for RETRACTION", ""},
            {"facts.csv", "recorded_on", "date (YYYY-MM-DD, UTC)", "day the registry recorded the fact (record time)", ""},
            {"facts.csv", "withdrawn_on", "date (YYYY-MM-DD, UTC)", "day a correction or retraction withdrew the fact, if before knownAt", ""},
            {"facts.csv", "corrects", "integer", "fact (number in this file) that this one restates or withdraws", ""},
            {"facts.csv", "employment_type", "categorical", "JOB_START: employment type", codes(EmploymentType.class)},
            {"facts.csv", "weekly_hours", "decimal", "JOB_START: agreed weekly hours", ""},
            {"facts.csv", "monthly_wage_band", BAND, "JOB_START: gross monthly wage, lower bound of its 50-EUR band", ""},
            {"facts.csv", "monthly_claim_band", BAND, "BENEFIT_CHANGE, REENTRY: new monthly claim, lower bound of its 50-EUR band", ""},
            {"facts.csv", "channel", "categorical", "CONTACT: channel", codes(ContactChannel.class)},
            {"facts.csv", "outcome", "categorical", "CONTACT: outcome", codes(ContactOutcome.class)},
            {"facts.csv", "reason", "categorical", "reason code of JOB_END, BENEFIT_CHANGE, EXIT (free text is never exported)", ""},
            {"facts.csv", "counts", "0/1", "1 = the fact counted at knownAt (not withdrawn by then)", "0|1"},
            {"summary.csv", "group", "categorical", "group drawn, or TOTAL of both", "PARTICIPANT|COMPARISON|TOTAL"},
            {"summary.csv", "persons", "count", "persons of the group; empty when suppressed", ""},
            {"summary.csv", "entitled", "count", "persons entitled on validAt; empty when suppressed", ""},
            {"summary.csv", "exited", "count", "persons not entitled on validAt; empty when suppressed", ""},
            {"summary.csv", "employed", "count", "persons in a job on validAt; empty when suppressed", ""},
            {"strata.csv", "stratum", "string", "stratum of the draw", ""},
            {"strata.csv", "group", "categorical", "group drawn", "PARTICIPANT|COMPARISON"},
            {"strata.csv", "persons", "count", "persons of the group in the stratum; empty when suppressed", ""},
            {"strata.csv", "exited", "count", "of them not entitled on validAt; empty when suppressed", ""},
            {"strata.csv", "employed", "count", "of them in a job on validAt; empty when suppressed", ""},
    };
    private Codebook() {
    }

    static void print(CSVPrinter printer) throws IOException {
        for (String[] entry : ENTRIES) {
            printer.printRecord((Object[]) entry);
            if (entry[2].equals("count")) {
                printer.printRecord(entry[0], entry[1] + "_suppressed", SUPPRESSED, "1 = " + entry[1]
                        + " is left empty: a count of 1 or 2, or a count from which one could be derived", "0|1");
            }
        }
    }

    /** What the export did to protect the persons in it, for its README. */
    record Protection(int persons, int smallestGroup, int personsGeneralized, int cellsSuppressed) {
    }

    static String readme(PilotFacts.Pilot pilot, LocalDate validAt, Instant knownAt, String exportedBy,
                         Protection protection) {
        return """
                Pilot Registry export (scientific-use file)
                pilot:       %s (%s, %s to %s)
                validAt:     %s  (states in persons.csv are as of this day)
                knownAt:     %s  (only what the registry had recorded by then)
                exported by: %s

                Files are UTF-8 CSV with a header row, comma-separated, empty cells for missing values.
                codebook.csv describes every variable.

                What protects the persons in this file
                - Only the %d persons drawn into the participant or the comparison group; persons not drawn are
                  not needed for an intention-to-treat analysis and are not in it.
                - Research ids instead of the registry's pseudonyms: a keyed hash that only the registry can
                  compute, the same in every export of this pilot and different in every other pilot. No customer
                  numbers, no names, no event ids of the registry.
                - Amounts (claims, wages) in bands of 50 EUR; record times as days; caseworkers as codes of this
                  export (CW01, ...); no free text (a retraction's reason stays in the registry).
                - k-anonymity of persons.csv over the quasi-identifiers sex, age_class, applicant_type,
                  claim_at_start_band and monthly_claim_band (an empty value counts as a value of its own):
                  every combination that occurs is shared by at least k = %d persons. To reach that, values of
                  %d persons were emptied (quasi_identifiers_suppressed = 1), claim bands first.
                - summary.csv and strata.csv: counts of 1 or 2 are left empty, and so are %d cells in all, with the
                  cells a suppressed one could be worked out from (each stratum column adds up to the summary's
                  count, each group's entitled and exited add up to its persons, the groups to TOTAL): every such
                  sum holds either no empty cell or at least two. Flag columns (..._suppressed) mark them.
                - Not protected against: persons.csv is person-level data. Counts made from it directly are not
                  suppressed, and anyone who knows that a person took part and that person's quasi-identifiers can
                  find a group of at least k rows that contains them. The file is for the evaluation under the
                  agreement it was handed out under (Sec. 75 SGB X), not for publication.

                R:     persons <- read.csv("persons.csv", na.strings = "")
                       facts   <- read.csv("facts.csv", na.strings = "")
                Stata: import delimited using persons.csv, varnames(1) clear
                """.formatted(pilot.pilotId(), pilot.site(), pilot.start(), pilot.end(), validAt, knownAt,
                exportedBy, protection.persons(), protection.smallestGroup(), protection.personsGeneralized(),
                protection.cellsSuppressed());
    }

    private static <E extends Enum<E>> String codes(Class<E> codes) {
        return Arrays.stream(codes.getEnumConstants()).map(Enum::name).collect(Collectors.joining("|"));
    }
}
