package de.pilotregistry.command.population;

import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.Eligibility;
import de.pilotregistry.shared.pilot.PopulationMember;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;

/** What a population row becomes: age class and eligibility as on the pilot start, effective on the start. */
class PopulationRecordTest {

    private static final PilotId PILOT = PilotId.of("bocholt-2011");
    private static final LocalDate START = LocalDate.of(2011, 3, 1);

    @Test
    void givenAPilotStart_whenRecordingARow_thenAgeClassAndEligibilityAreThoseOnTheStart() {
        PopulationRoll.PilotTerms terms = new PopulationRoll.PilotTerms(START, Eligibility.LONG_TERM_RECIPIENTS, false);

        assertThat(PopulationImport.recordOf(PILOT, terms, member("P-1", 1971, 24))).isEqualTo(
                new PopulationMemberRecorded(PILOT, Pseudonym.of("P-1"), Sex.FEMALE, YearMonth.of(1971, 3),
                        AgeClass.FROM_25_TO_49, ApplicantType.ACTIVATION, 24, false, new BigDecimal("812.50"),
                        "H-P-1", true, START));
        PopulationMemberRecorded young = PopulationImport.recordOf(PILOT, terms, member("P-2", 1990, 12));
        assertThat(young.ageClass()).isEqualTo(AgeClass.UNDER_25);
        assertThat(young.eligible()).as("12 of 24 months is not long-term").isFalse();
        assertThat(PopulationImport.recordOf(PILOT, terms, member("P-3", 1986, 21)).ageClass())
                .as("born March 1986: 25 on every day of March 2011").isEqualTo(AgeClass.FROM_25_TO_49);
    }

    @Test
    void givenAMiniJobPilot_whenRecordingSomeoneWithoutOne_thenNotEligible() {
        PopulationRoll.PilotTerms velen = new PopulationRoll.PilotTerms(START, new Eligibility(21, true), false);

        assertThat(PopulationImport.recordOf(PILOT, velen, member("P-1", 1971, 24)).eligible()).isFalse();
    }

    private static PopulationMember member(String person, int birthYear, int monthsInReceipt) {
        return new PopulationMember(Pseudonym.of(person), Sex.FEMALE, YearMonth.of(birthYear, 3),
                ApplicantType.ACTIVATION, monthsInReceipt, false, new BigDecimal("812.50"), "H-" + person);
    }
}
