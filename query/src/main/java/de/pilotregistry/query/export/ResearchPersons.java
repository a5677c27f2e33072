package de.pilotregistry.query.export;

import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.SmallCounts;
import de.pilotregistry.shared.codes.Group;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The persons of a pilot as evaluators may see them, one decision path for the export's persons.csv and the
 * evaluator's cohort: only persons drawn into a group, research ids instead of pseudonyms, amounts in bands,
 * caseworkers as codes, the quasi-identifiers (sex, age class, applicant type, claim bands) k-anonymous by local
 * suppression over all rows at once. Both answers share it so that joining them by research id reveals nothing
 * that either one suppressed. docs/exports.md has the rules.
 */
@Component
public class ResearchPersons {

    /** Amounts are shown in bands of this width: exact claims and wages would make most persons unique. */
    static final int BAND_EUR = 50;

    /**
     * One person: the state (for facts that need no protection, such as group and contacts) and what replaces the
     * rest. Suppressed values are null; {@code stratum} is null unless sex, age class and applicant type are whole.
     */
    public record Row(CaseStates.PersonState state, String researchId, String stratum, String sex, String ageClass,
                      String applicantType, Long claimAtStartBand, Long monthlyClaimBand, String caseworker,
                      boolean suppressed) {
    }

    /** The rows in the order of the states given, the smallest group of quasi-identifiers, the rows suppressed. */
    public record Released(List<Row> rows, int k, int generalized) {
    }

    private final ResearchIds ids;

    ResearchPersons(ResearchIds ids) {
        this.ids = ids;
    }

    /** The states of a pilot's persons (all of them: the unselected are left out here) as released to evaluators. */
    public Released of(String pilotId, PilotFacts.Pilot pilot, List<CaseStates.PersonState> states) {
        // Intention to treat needs the groups only: persons not drawn stay in the registry.
        List<CaseStates.PersonState> persons = states.stream()
                .filter(p -> p.group() == Group.PARTICIPANT || p.group() == Group.COMPARISON).toList();
        Map<String, String> caseworkerCodes = caseworkerCodes(persons);

        // k-anonymity over the quasi-identifiers, in the order they give way
        List<String[]> identifiers = new ArrayList<>();
        for (CaseStates.PersonState p : persons) {
            identifiers.add(new String[]{band(p.claimAtStart()), band(p.monthlyClaim()), p.applicantType(),
                    p.ageClass(), p.sex()});
        }
        List<String[]> original = identifiers.stream().map(String[]::clone).toList();
        int k = new QuasiIdentifiers(SmallCounts.SMALLEST_SHOWN, identifiers).anonymize();
        int generalized = 0;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < persons.size(); i++) {
            CaseStates.PersonState p = persons.get(i);
            String[] q = identifiers.get(i);
            boolean suppressed = !Arrays.equals(original.get(i), q);
            generalized += suppressed ? 1 : 0;
            boolean whole = q[2] != null && q[3] != null && q[4] != null;
            rows.add(new Row(p, ids.of(pilotId, p.person()), whole ? pilot.stratumOf(q[4], q[3], q[2]) : null,
                    q[4], q[3], q[2], number(q[0]), number(q[1]), caseworkerCodes.get(p.caseworker()), suppressed));
        }
        return new Released(List.copyOf(rows), k, generalized);
    }

    /** Caseworkers as codes of this answer, CW01, CW02, … in the order of their registry ids. */
    private static Map<String, String> caseworkerCodes(List<CaseStates.PersonState> persons) {
        Map<String, String> codes = new HashMap<>();
        persons.stream().map(CaseStates.PersonState::caseworker).filter(Objects::nonNull).sorted().distinct()
                .forEach(id -> codes.put(id, String.format(Locale.ROOT, "CW%02d", codes.size() + 1)));
        return codes;
    }

    /** The lower bound of the amount's band of {@value #BAND_EUR} EUR, as text (a quasi-identifier's value). */
    static String band(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        return amount.divideToIntegralValue(BigDecimal.valueOf(BAND_EUR)).multiply(BigDecimal.valueOf(BAND_EUR))
                .setScale(0, RoundingMode.FLOOR).toPlainString();
    }

    static Long number(String band) {
        return band == null ? null : Long.valueOf(band);
    }
}
