package de.pilotregistry.command.pilot;

import de.pilotregistry.command.RuleViolation;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.draw.Seed;
import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.AssignParticipant;
import de.pilotregistry.shared.pilot.CaseworkerRegistered;
import de.pilotregistry.shared.pilot.DefinePilot;
import de.pilotregistry.shared.pilot.DrawGroups;
import de.pilotregistry.shared.pilot.Eligibility;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMember;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import de.pilotregistry.shared.pilot.PopulationRecorded;
import de.pilotregistry.shared.pilot.RecordPopulation;
import de.pilotregistry.shared.pilot.RegisterCaseworker;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PilotTest {

    private static final PilotId PILOT = PilotId.of("bocholt-2011");
    private static final LocalDate START = LocalDate.of(2011, 3, 1);
    private static final LocalDate TODAY = LocalDate.of(2011, 2, 1);
    private static final CaseworkerId ANNA = CaseworkerId.of("caseworker1");
    private static final CaseworkerId JAN = CaseworkerId.of("caseworker2");

    private final Seed seed = Seed.generate();
    private FixtureConfiguration<Pilot> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Pilot.class);
    }

    @Test
    void givenNoPilot_whenDefiningOne_thenPilotDefinedWithTheSeedCommitment() {
        fixture.givenNoPriorActivity()
                .when(new DefinePilot(PILOT, "Bocholt", "Kreis Borken", "Bocholt", START, START.plusYears(1).minusDays(1),
                        2, 4, Eligibility.LONG_TERM_RECIPIENTS, List.of(StratumVariable.SEX), seed.commitment(), TODAY))
                .expectEvents(defined(2, 4));
    }

    @Test
    void givenADefinedPilot_whenRecordingThePopulation_thenOneEventPerPersonWithAgeClassAndEligibility() {
        fixture.given(defined(2, 4))
                .when(new RecordPopulation(PILOT, List.of(member("P-1", 1971, 24), member("P-2", 1990, 12)), false))
                .expectEvents(
                        new PopulationMemberRecorded(PILOT, Pseudonym.of("P-1"), Sex.FEMALE, YearMonth.of(1971, 3),
                                AgeClass.FROM_25_TO_49, ApplicantType.ACTIVATION, 24, false, new BigDecimal("812.50"),
                                "H-P-1", true, START),
                        new PopulationMemberRecorded(PILOT, Pseudonym.of("P-2"), Sex.FEMALE, YearMonth.of(1990, 3),
                                AgeClass.UNDER_25, ApplicantType.ACTIVATION, 12, false, new BigDecimal("812.50"),
                                "H-P-2", false, START))
                .expectResultMessagePayload(new PopulationRecorded(2, 0));
    }

    @Test
    void givenARecordedPerson_whenRecordingTheSameAgain_thenNothingChangesAndItIsReportedUnchanged() {
        fixture.given(defined(2, 4), recorded(member("P-1", 1971, 24)))
                .when(new RecordPopulation(PILOT, List.of(member("P-1", 1971, 24)), false))
                .expectNoEvents()
                .expectResultMessagePayload(new PopulationRecorded(0, 1));
    }

    @Test
    void givenADefinedPilot_whenADryRunRecordsThePopulation_thenNothingIsRecordedButTheCountsAreAnswered() {
        fixture.given(defined(2, 4))
                .when(new RecordPopulation(PILOT, List.of(member("P-1", 1971, 24)), true))
                .expectNoEvents()
                .expectResultMessagePayload(new PopulationRecorded(1, 0));
    }

    @Test
    void givenADrawnPilot_whenRecordingThePopulation_thenRejected() {
        fixture.given(populated(8)).andGiven(drawn(List.of("P-0"), List.of("P-1")))
                .when(new RecordPopulation(PILOT, List.of(member("P-9", 1971, 24)), false))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void givenEightEligiblePersons_whenDrawingFourPlaces_thenBothGroupsHaveFourDistinctPersonsAndTheSeedIsRevealed() {
        fixture.given(populated(8))
                .when(new DrawGroups(PILOT, seed.hex(), START.minusDays(3)))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate((GroupsDrawn drawn) -> drawn.participants().size() == 4
                                && drawn.comparison().size() == 4 && drawn.seed().equals(seed.hex())
                                && disjoint(drawn.participants(), drawn.comparison())),
                        Matchers.andNoMore())));
    }

    @Test
    void givenAWrongSeed_whenDrawing_thenRefusedAndNothingDrawn() {
        fixture.given(populated(8))
                .when(new DrawGroups(PILOT, Seed.generate().hex(), START.minusDays(3)))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void givenADrawnPilot_whenDrawingAgain_thenRejectedBecauseAPilotIsDrawnOnlyOnce() {
        fixture.given(populated(8)).andGiven(drawn(List.of("P-0"), List.of("P-1")))
                .when(new DrawGroups(PILOT, seed.hex(), START.minusDays(3)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("only once")))
                .expectNoEvents();
    }

    @Test
    void givenARegisteredCaseworker_whenRegisteringTheSameAgain_thenRejected() {
        fixture.given(defined(2, 4), new CaseworkerRegistered(PILOT, ANNA, "Anna Schulte", TODAY))
                .when(new RegisterCaseworker(PILOT, ANNA, "Anna Schulte", TODAY))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void givenAParticipantAndACaseworker_whenAssigning_thenParticipantAssigned() {
        fixture.given(populated(8)).andGiven(drawn(List.of("P-0", "P-2"), List.of("P-1", "P-3")),
                        new CaseworkerRegistered(PILOT, ANNA, "Anna Schulte", TODAY))
                .when(new AssignParticipant(PILOT, Pseudonym.of("P-0"), ANNA, START))
                .expectEvents(new ParticipantAssigned(PILOT, Pseudonym.of("P-0"), ANNA, null, START));
    }

    @Test
    void givenACaseworkerAtTheCaseloadRatio_whenAssigningOneMore_thenRejectedWithConflict() {
        fixture.given(populated(8)).andGiven(drawn(List.of("P-0", "P-2", "P-4"), List.of("P-1", "P-3", "P-5")),
                        new CaseworkerRegistered(PILOT, ANNA, "Anna Schulte", TODAY),
                        new ParticipantAssigned(PILOT, Pseudonym.of("P-0"), ANNA, null, START),
                        new ParticipantAssigned(PILOT, Pseudonym.of("P-2"), ANNA, null, START))
                .when(new AssignParticipant(PILOT, Pseudonym.of("P-4"), ANNA, START))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void givenAFullCaseworker_whenOneParticipantMovesToAnother_thenTheFirstHasRoomAgain() {
        fixture.given(populated(8)).andGiven(drawn(List.of("P-0", "P-2", "P-4"), List.of("P-1", "P-3", "P-5")),
                        new CaseworkerRegistered(PILOT, ANNA, "Anna Schulte", TODAY),
                        new CaseworkerRegistered(PILOT, JAN, "Jan Terhorst", TODAY),
                        new ParticipantAssigned(PILOT, Pseudonym.of("P-0"), ANNA, null, START),
                        new ParticipantAssigned(PILOT, Pseudonym.of("P-2"), ANNA, null, START),
                        new ParticipantAssigned(PILOT, Pseudonym.of("P-2"), JAN, ANNA, START.plusDays(10)))
                .when(new AssignParticipant(PILOT, Pseudonym.of("P-4"), ANNA, START.plusDays(11)))
                .expectEvents(new ParticipantAssigned(PILOT, Pseudonym.of("P-4"), ANNA, null, START.plusDays(11)));
    }

    @Test
    void givenAComparisonPerson_whenAssigningThem_thenAnsweredExactlyLikeAnUnknownPerson() {
        String comparison = refusal("P-1");
        String unknown = refusal("P-99");
        assertThat(comparison.replace("P-1", "X"))
                .as("blinding: the answer must not tell a comparison person from an unknown one")
                .isEqualTo(unknown.replace("P-99", "X"))
                .doesNotContainIgnoringCase("comparison");
    }

    /** The message with which assigning {@code person} is refused (P-1 is a comparison person). */
    private String refusal(String person) {
        List<String> messages = new ArrayList<>();
        new AggregateTestFixture<>(Pilot.class)
                .given(populated(8)).andGiven(drawn(List.of("P-0"), List.of("P-1")),
                        new CaseworkerRegistered(PILOT, ANNA, "Anna Schulte", TODAY))
                .when(new AssignParticipant(PILOT, Pseudonym.of(person), ANNA, START))
                .expectException(UnknownEntity.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> messages.add(message)))
                .expectNoEvents();
        return messages.get(0);
    }

    @Test
    void givenNoSuchCaseworker_whenAssigning_thenUnknownEntity() {
        fixture.given(populated(8)).andGiven(drawn(List.of("P-0"), List.of("P-1")))
                .when(new AssignParticipant(PILOT, Pseudonym.of("P-0"), JAN, START))
                .expectException(UnknownEntity.class)
                .expectNoEvents();
    }

    private PilotDefined defined(int caseloadRatio, int places) {
        return new PilotDefined(PILOT, "Bocholt", "Kreis Borken", "Bocholt", START, START.plusYears(1).minusDays(1),
                caseloadRatio, places, Eligibility.LONG_TERM_RECIPIENTS, List.of(StratumVariable.SEX),
                seed.commitment(), TODAY);
    }

    private static PopulationMember member(String person, int birthYear, int monthsInReceipt) {
        return new PopulationMember(Pseudonym.of(person), Sex.FEMALE, YearMonth.of(birthYear, 3),
                ApplicantType.ACTIVATION, monthsInReceipt, false, new BigDecimal("812.50"), "H-" + person);
    }

    private static PopulationMemberRecorded recorded(PopulationMember member) {
        return new PopulationMemberRecorded(PILOT, member.person(), member.sex(), member.birthMonth(),
                AgeClass.of(member.birthMonth(), START), member.applicantType(), member.monthsInReceiptOfLast24(),
                member.marginalEmployment(), member.monthlyClaim(), member.household(),
                member.monthsInReceiptOfLast24() >= 21, START);
    }

    /** A pilot (caseload ratio 2, 4 places) with persons P-0 .. P-(n-1), all eligible. */
    private List<Object> populated(int persons) {
        List<Object> events = new ArrayList<>();
        events.add(defined(2, 4));
        for (int i = 0; i < persons; i++) {
            events.add(recorded(member("P-" + i, 1960 + i, 24)));
        }
        return events;
    }

    private GroupsDrawn drawn(List<String> participants, List<String> comparison) {
        return new GroupsDrawn(PILOT, seed.hex(), "test", participants.stream().map(Pseudonym::of).toList(),
                comparison.stream().map(Pseudonym::of).toList(), List.of(), START.minusDays(3));
    }

    private static boolean disjoint(List<Pseudonym> a, List<Pseudonym> b) {
        Set<Pseudonym> all = new HashSet<>(a);
        return b.stream().noneMatch(all::contains);
    }
}
