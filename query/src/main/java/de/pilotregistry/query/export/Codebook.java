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

/** What every exported variable means, so that R or Stata users need not ask. */
final class Codebook {

    static final String[] PERSON_COLUMNS = {"person", "group", "stratum", "sex", "age_class", "applicant_type",
            "claim_at_start", "entitled", "monthly_claim", "employment_type", "caseworker", "contacts"};
    static final String[] FACT_COLUMNS = {"event_id", "person", "type", "effective_date", "recorded_at",
            "withdrawn_at", "corrects", "employment_type", "weekly_hours", "monthly_wage", "monthly_claim", "channel",
            "outcome", "reason", "counts"};
    static final String[] SUMMARY_COLUMNS = {"group", "persons", "entitled", "exited", "employed"};
    static final String[] CODEBOOK_COLUMNS = {"file", "variable", "type", "meaning", "codes"};

    private static final String[][] ENTRIES = {
            {"persons.csv", "person", "string", "pseudonym of the person (no real customer number)", ""},
            {"persons.csv", "group", "categorical", "group drawn (intention to treat)", codes(Group.class)},
            {"persons.csv", "stratum", "string", "stratum of the draw: VARIABLE=VALUE joined by |", ""},
            {"persons.csv", "sex", "categorical", "sex", codes(Sex.class)},
            {"persons.csv", "age_class", "categorical", "main age class on the pilot start", codes(AgeClass.class)},
            {"persons.csv", "applicant_type", "categorical", "BA four-phase profile", codes(ApplicantType.class)},
            {"persons.csv", "claim_at_start", "decimal (EUR)", "monthly claim on the pilot start, before sanctions", ""},
            {"persons.csv", "entitled", "0/1", "1 = entitled to benefits on validAt (breaks of up to 7 days are not exits)", "0|1"},
            {"persons.csv", "monthly_claim", "decimal (EUR)", "monthly claim on validAt; empty when not entitled", ""},
            {"persons.csv", "employment_type", "categorical", "type of the job held on validAt; empty when none", codes(EmploymentType.class)},
            {"persons.csv", "caseworker", "string", "pilot caseworker on validAt (participants only)", ""},
            {"persons.csv", "contacts", "integer", "attended contacts up to validAt", ""},
            {"facts.csv", "event_id", "string", "id of the fact's event in the registry", ""},
            {"facts.csv", "person", "string", "pseudonym, as in persons.csv", ""},
            {"facts.csv", "type", "categorical", "kind of fact", codes(FactType.class)},
            {"facts.csv", "effective_date", "date (YYYY-MM-DD)", "day the fact became true (valid time); empty for RETRACTION", ""},
            {"facts.csv", "recorded_at", "timestamp (ISO 8601, UTC)", "moment the registry recorded the fact (record time)", ""},
            {"facts.csv", "withdrawn_at", "timestamp (ISO 8601, UTC)", "moment a correction or retraction withdrew the fact, if before knownAt", ""},
            {"facts.csv", "corrects", "string", "event_id of the fact this one restates or withdraws", ""},
            {"facts.csv", "employment_type", "categorical", "JOB_START: employment type", codes(EmploymentType.class)},
            {"facts.csv", "weekly_hours", "decimal", "JOB_START: agreed weekly hours", ""},
            {"facts.csv", "monthly_wage", "decimal (EUR)", "JOB_START: gross monthly wage", ""},
            {"facts.csv", "monthly_claim", "decimal (EUR)", "BENEFIT_CHANGE, REENTRY: new monthly claim", ""},
            {"facts.csv", "channel", "categorical", "CONTACT: channel", codes(ContactChannel.class)},
            {"facts.csv", "outcome", "categorical", "CONTACT: outcome", codes(ContactOutcome.class)},
            {"facts.csv", "reason", "string", "reason code of JOB_END, BENEFIT_CHANGE, EXIT; free text of RETRACTION", ""},
            {"facts.csv", "counts", "0/1", "1 = the fact counted at knownAt (not withdrawn by then)", "0|1"},
            {"summary.csv", "group", "categorical", "group drawn", codes(Group.class)},
            {"summary.csv", "persons", "count", "persons; counts from 1 to 2 are shown as <3", ""},
            {"summary.csv", "entitled", "count", "persons entitled on validAt (<3 suppressed)", ""},
            {"summary.csv", "exited", "count", "persons not entitled on validAt (<3 suppressed)", ""},
            {"summary.csv", "employed", "count", "persons in a job on validAt (<3 suppressed)", ""},
    };

    private Codebook() {
    }

    static void print(CSVPrinter printer) throws IOException {
        for (String[] entry : ENTRIES) {
            printer.printRecord((Object[]) entry);
        }
    }

    static String readme(PilotFacts.Pilot pilot, LocalDate validAt, Instant knownAt, String exportedBy) {
        return """
                Pilot Registry export
                pilot:       %s (%s, %s to %s)
                validAt:     %s  (states in persons.csv are as of this day)
                knownAt:     %s  (only what the registry had recorded by then)
                exported by: %s

                Files are UTF-8 CSV with a header row, comma-separated, empty cells for missing values.
                codebook.csv describes every variable. Pseudonyms only; re-identification is not possible
                from this data set. Small counts in summary.csv are suppressed (shown as <3).

                R:     persons <- read.csv("persons.csv", na.strings = "")
                       facts   <- read.csv("facts.csv", na.strings = "")
                Stata: import delimited using persons.csv, varnames(1) clear
                """.formatted(pilot.pilotId(), pilot.site(), pilot.start(), pilot.end(), validAt, knownAt,
                exportedBy);
    }

    private static <E extends Enum<E>> String codes(Class<E> codes) {
        return Arrays.stream(codes.getEnumConstants()).map(Enum::name).collect(Collectors.joining("|"));
    }
}
