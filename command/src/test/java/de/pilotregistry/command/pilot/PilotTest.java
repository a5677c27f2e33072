package de.pilotregistry.command.pilot;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.RuleViolation;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.draw.NotEnoughEligible;
import de.pilotregistry.command.draw.Seed;
import de.pilotregistry.command.draw.StratifiedDraw;
import de.pilotregistry.command.population.EligiblePersons;
import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.AssignmentEndReason;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.AssignParticipant;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.CaseworkerRegistered;
import de.pilotregistry.shared.pilot.DefinePilot;
import de.pilotregistry.shared.pilot.DrawGroups;
import de.pilotregistry.shared.pilot.Eligibility;
import de.pilotregistry.shared.pilot.EndAssignment;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMember;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import de.pilotregistry.shared.pilot.RegisterCaseworker;
import de.pilotregistry.shared.pilot.StratumAllocation;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pilot aggregate: definition, population, the one draw, caseworkers, assignments in valid time with the
 * caseload ceiling on every day, and blinding (a comparison person is answered exactly like a person the pilot
 * does not know).
 */
class PilotTest {

    private static final PilotId PILOT = PilotId.of("bocholt-2011");
    private static final LocalDate START = LocalDate.of(2011, 3, 1);
    private static final LocalDate END = LocalDate.of(2012, 2, 29);
    private static final LocalDate TODAY = LocalDate.of(2011, 2, 1);
    private static final LocalDate DRAW_DAY = START.minusDays(3);
    private static final CaseworkerId ANNA = CaseworkerId.of("caseworker1");
    private static final CaseworkerId JAN = CaseworkerId.of("caseworker2");
    private static final int RATIO = 2;
    private static final int PLACES = 4;
    private static final LocalDate APRIL = LocalDate.of(2011, 4, 1);
    private static final LocalDate MAY = LocalDate.of(2011, 5, 1);
    private static final LocalDate JUNE = LocalDate.of(2011, 6, 1);
    private static final LocalDate JULY = LocalDate.of(2011, 7, 1);
    /** Participants of {@link #drawnPilotWithCaseworkers}. */
    private static final Pseudonym P0 = Pseudonym.of("P-0");
    private static final Pseudonym P2 = Pseudonym.of("P-2");
    private static final Pseudonym P4 = Pseudonym.of("P-4");

    private final Seed seed = Seed.generate();
    private FixtureConfiguration<Pilot> fixture;

    /** The latest record of each person, as the population roll would hold it after the given events. */
    private final Map<Pseudonym, PopulationMemberRecorded> roll = new TreeMap<>(
            java.util.Comparator.comparing(Pseudonym::value));

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Pilot.class);
        fixture.registerInjectableResource((EligiblePersons) pilot -> roll.values().stream()
                .filter(PopulationMemberRecorded::eligible).map(record -> new EligiblePersons.Eligible(record.person(),
                        record.sex(), record.ageClass(), record.applicantType())).toList());
    }

    /** The given events; their population records also go to the roll the draw reads. */
    private org.axonframework.test.aggregate.TestExecutor<Pilot> given(List<Object> events) {
        events.stream().filter(PopulationMemberRecorded.class::isInstance).map(PopulationMemberRecorded.class::cast)
                .forEach(record -> roll.put(record.person(), record));
        return fixture.given(events);
    }

    // --- definition -------------------------------------------------------------------------------------------

    @Test
    void givenNoPilot_whenDefiningOne_thenPilotDefinedWithTheSeedCommitment() {
        fixture.givenNoPriorActivity()
                .when(new DefinePilot(PILOT, "Bocholt", "Kreis Borken", "Bocholt", START, END, RATIO, PLACES,
                        Eligibility.LONG_TERM_RECIPIENTS, List.of(StratumVariable.SEX), seed.commitment(), TODAY))
                .expectSuccessfulHandlerExecution()
                .expectEvents(defined());
    }

    // --- draw -------------------------------------------------------------------------------------------------

    @Test
    void givenEightEligiblePersonsInTwoStrata_whenDrawingFourPlaces_thenEqualBalancedDisjointGroupsAndTheSeedIsRevealed() {
        Set<Pseudonym> eligible = persons(8); // P-0, P-2, .. female, P-1, P-3, .. male: strata of 4 and 4
        given(populated(8))
                .when(new DrawGroups(PILOT, seed.hex(), DRAW_DAY))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate((GroupsDrawn drawn) -> drawn.pilotId().equals(PILOT)
                                && drawn.seed().equals(seed.hex())
                                && drawn.algorithm().equals(StratifiedDraw.ALGORITHM)
                                && drawn.effectiveDate().equals(DRAW_DAY)
                                && drawn.participants().size() == PLACES
                                && drawn.comparison().size() == PLACES
                                && disjoint(drawn.participants(), drawn.comparison())
                                && eligible.containsAll(drawn.participants())
                                && eligible.containsAll(drawn.comparison())
                                && drawn.strata().size() == 2
                                && drawn.strata().stream().allMatch(s -> s.eligible() == 4 && s.participants() == 2
                                && s.comparison() == 2)),
                        Matchers.andNoMore())));
    }

    @Test
    void givenAPopulation_whenDrawing_thenTheEventIsExactlyWhatAnAuditorRepeatingTheDrawFromTheEventsGets() {
        List<Object> given = new ArrayList<>(populated(10));
        given.add(recorded(member("X-1", Sex.FEMALE, 1975, 3))); // not eligible: must never be drawn
        given.add(recorded(member("X-2", Sex.MALE, 1975, 20)));
        List<StratifiedDraw.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<StratumVariable, String> stratum = new EnumMap<>(StratumVariable.class);
            stratum.put(StratumVariable.SEX, sexOf(i).name());
            candidates.add(new StratifiedDraw.Candidate(Pseudonym.of("P-" + i), stratum));
        }
        StratifiedDraw.Result expected = StratifiedDraw.draw(candidates, PLACES, seed);

        given(given)
                .when(new DrawGroups(PILOT, seed.hex(), DRAW_DAY))
                .expectEvents(new GroupsDrawn(PILOT, seed.hex(), StratifiedDraw.ALGORITHM, expected.participants(),
                        expected.comparison(), expected.strata(), DRAW_DAY))
                .expectResultMessagePayloadMatching(Matchers.predicate((GroupsDrawn drawn) ->
                        drawn.participants().equals(expected.participants())));
        assertThat(expected.participants()).extracting(Pseudonym::value).noneMatch(p -> p.startsWith("X-"));
        assertThat(expected.comparison()).extracting(Pseudonym::value).noneMatch(p -> p.startsWith("X-"));
    }

    @Test
    void givenAPersonMadeIneligibleByALaterRecord_whenDrawing_thenTheLatestRecordCountsAndTheyAreNotDrawn() {
        // P-0..P-8 eligible, then P-8 re-recorded with too few months: exactly 8 eligible for 4 + 4 places.
        List<Object> given = new ArrayList<>(populated(9));
        given.add(recorded(member("P-8", sexOf(8), 1968, 10)));
        given(given)
                .when(new DrawGroups(PILOT, seed.hex(), DRAW_DAY))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate((GroupsDrawn drawn) -> {
                            Set<Pseudonym> drawnPersons = new HashSet<>(drawn.participants());
                            drawnPersons.addAll(drawn.comparison());
                            return drawnPersons.equals(persons(8)) && !drawnPersons.contains(Pseudonym.of("P-8"));
                        }),
                        Matchers.andNoMore())));
    }

    @Test
    void givenFewerThanTwicePlacesEligible_whenDrawing_thenNotEnoughEligibleAndNothingDrawn() {
        given(populated(7))
                .when(new DrawGroups(PILOT, seed.hex(), DRAW_DAY))
                .expectException(NotEnoughEligible.class)
                .expectNoEvents();
    }

    @Test
    void givenAWrongSeed_whenDrawing_thenRefusedAndNothingDrawn() {
        given(populated(8))
                .when(new DrawGroups(PILOT, Seed.generate().hex(), DRAW_DAY))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("commitment")))
                .expectNoEvents();
    }

    @Test
    void givenADrawnPilot_whenDrawingAgain_thenRejectedBecauseAPilotIsDrawnOnlyOnce() {
        given(populated(8)).andGiven(drawn(List.of("P-0"), List.of("P-1")))
                .when(new DrawGroups(PILOT, seed.hex(), DRAW_DAY))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("only once")))
                .expectNoEvents();
    }

    // --- caseworkers ------------------------------------------------------------------------------------------

    @Test
    void givenADefinedPilot_whenRegisteringACaseworker_thenCaseworkerRegistered() {
        fixture.given(defined())
                .when(new RegisterCaseworker(PILOT, ANNA, "Anna Schulte", TODAY))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CaseworkerRegistered(PILOT, ANNA, "Anna Schulte", TODAY));
    }

    @Test
    void givenARegisteredCaseworker_whenRegisteringTheSameAgain_thenRejected() {
        fixture.given(defined(), new CaseworkerRegistered(PILOT, ANNA, "Anna Schulte", TODAY))
                .when(new RegisterCaseworker(PILOT, ANNA, "Anna Schulte-Bauer", TODAY.plusDays(1)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("caseworker1")))
                .expectNoEvents();
    }

    @Test
    void givenARegisteredCaseworker_whenRegisteringAnother_thenCaseworkerRegistered() {
        fixture.given(defined(), new CaseworkerRegistered(PILOT, ANNA, "Anna Schulte", TODAY))
                .when(new RegisterCaseworker(PILOT, JAN, "Jan Terhorst", TODAY))
                .expectEvents(new CaseworkerRegistered(PILOT, JAN, "Jan Terhorst", TODAY));
    }

    // --- assignment -------------------------------------------------------------------------------------------

    @Test
    void givenAParticipantAndACaseworker_whenAssigning_thenParticipantAssigned() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .when(new AssignParticipant(PILOT, P0, ANNA, START))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ParticipantAssigned(PILOT, P0, ANNA, null, START))
                .expectResultMessagePayload(START);
    }

    @Test
    void givenAnAssignedParticipant_whenAssigningToTheSameCaseworkerFromALaterDay_thenNothingNewIsRecorded() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START))
                .when(new AssignParticipant(PILOT, P0, ANNA, START.plusDays(5)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(START);
    }

    @Test
    void givenAnAssignedParticipant_whenAssigningToTheSameCaseworkerFromAnEarlierDay_thenRejected() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, APRIL))
                .when(new AssignParticipant(PILOT, P0, ANNA, START))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void givenAnAssignedParticipant_whenAssigningToAnotherCaseworkerWithoutEndingFirst_thenRejected() {
        fixture.given(drawnPilotWithCaseworkers(ANNA, JAN))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START))
                .when(new AssignParticipant(PILOT, P0, JAN, START.plusDays(5)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("end that assignment")))
                .expectNoEvents();
    }

    @Test
    void givenAnEffectiveDateBeforeThePilotStart_whenAssigning_thenRejectedAsInvalidEffectiveDate() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .when(new AssignParticipant(PILOT, P0, ANNA, START.minusDays(1)))
                .expectException(InvalidRequest.class)
                .expectException(Matchers.predicate((InvalidRequest e) -> e.problems().size() == 1
                        && e.problems().get(0).field().equals("effectiveDate")
                        && e.problems().get(0).message().contains("outside the pilot period")))
                .expectNoEvents();
    }

    @Test
    void givenAnEffectiveDateAfterThePilotEnd_whenAssigning_thenRejectedAsInvalidEffectiveDate() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .when(new AssignParticipant(PILOT, P0, ANNA, END.plusDays(1)))
                .expectException(InvalidRequest.class)
                .expectNoEvents();
    }

    @Test
    void givenThePilotsLastDay_whenAssigningFromIt_thenAccepted() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .when(new AssignParticipant(PILOT, P0, ANNA, END))
                .expectEvents(new ParticipantAssigned(PILOT, P0, ANNA, null, END));
    }

    @Test
    void givenACaseworkerAtTheCaseloadRatio_whenAssigningOneMore_thenRejectedWithConflict() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new ParticipantAssigned(PILOT, P2, ANNA, null, START))
                .when(new AssignParticipant(PILOT, P4, ANNA, START))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("caseload ratio")
                        && message.contains(String.valueOf(RATIO))))
                .expectNoEvents();
    }

    @Test
    void givenACaseworkerOneBelowTheCaseloadRatio_whenAssigningOneMore_thenAccepted() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START))
                .when(new AssignParticipant(PILOT, P2, ANNA, START))
                .expectEvents(new ParticipantAssigned(PILOT, P2, ANNA, null, START));
    }

    // The caseload ratio (2) holds on every day: A (P-0) and B (P-2) with Anna from March.

    @Test
    void givenTwoAssignedFromMarch_whenAssigningAThirdFromApril_thenRejectedBecauseAprilWouldHoldThree() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new ParticipantAssigned(PILOT, P2, ANNA, null, START))
                .when(new AssignParticipant(PILOT, P4, ANNA, APRIL))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("caseload ratio")
                        && message.contains(APRIL.toString())))
                .expectNoEvents();
    }

    @Test
    void givenTwoFromMarchOneEndedInMay_whenAssigningAThirdFromMay_thenAccepted() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new ParticipantAssigned(PILOT, P2, ANNA, null, START),
                        new AssignmentEnded(PILOT, P0, ANNA, START, MAY, AssignmentEndReason.PARTICIPANT_EXITED))
                .when(new AssignParticipant(PILOT, P4, ANNA, MAY))
                .expectEvents(new ParticipantAssigned(PILOT, P4, ANNA, null, MAY));
    }

    @Test
    void givenTwoFromMarchOneEndedInMay_whenAssigningAThirdFromApril_thenStillRejected() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new ParticipantAssigned(PILOT, P2, ANNA, null, START),
                        new AssignmentEnded(PILOT, P0, ANNA, START, MAY, AssignmentEndReason.PARTICIPANT_EXITED))
                .when(new AssignParticipant(PILOT, P4, ANNA, APRIL))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains(APRIL.toString())))
                .expectNoEvents();
    }

    @Test
    void givenOneFromMarchAndOneFromJune_whenAssigningAThirdFromApril_thenRejectedBecauseJuneWouldHoldThree() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new ParticipantAssigned(PILOT, P2, ANNA, null, JUNE))
                .when(new AssignParticipant(PILOT, P4, ANNA, APRIL))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains(JUNE.toString())))
                .expectNoEvents();
    }

    @Test
    void givenOneFromMarchAndOneFromJune_whenAssigningAThirdOnlyAfterTheFirstEnded_thenAccepted() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new AssignmentEnded(PILOT, P0, ANNA, START, MAY, AssignmentEndReason.CASEWORKER_LEFT),
                        new ParticipantAssigned(PILOT, P2, ANNA, null, JUNE))
                .when(new AssignParticipant(PILOT, P4, ANNA, APRIL))
                .expectEvents(new ParticipantAssigned(PILOT, P4, ANNA, null, APRIL));
    }

    @Test
    void givenAMoveRecordedBeforeAssignmentsCouldEnd_whenAssigningToTheOneWhoGaveTheParticipantAway_thenTheyHaveRoomFromTheMove() {
        List<Object> history = List.of(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                new ParticipantAssigned(PILOT, P2, ANNA, null, START),
                new ParticipantAssigned(PILOT, P2, JAN, ANNA, START.plusDays(10))); // old form: moved in one step
        fixture.given(drawnPilotWithCaseworkers(ANNA, JAN)).andGiven(history)
                .when(new AssignParticipant(PILOT, P4, ANNA, START.plusDays(10)))
                .expectEvents(new ParticipantAssigned(PILOT, P4, ANNA, null, START.plusDays(10)));
        new AggregateTestFixture<>(Pilot.class).given(drawnPilotWithCaseworkers(ANNA, JAN)).andGiven(history)
                .when(new AssignParticipant(PILOT, P4, ANNA, START.plusDays(9)))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void givenAFullCaseworker_whenMovingAParticipantToThem_thenRejectedToo() {
        fixture.given(drawnPilotWithCaseworkers(ANNA, JAN))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new ParticipantAssigned(PILOT, P2, ANNA, null, START),
                        new ParticipantAssigned(PILOT, P4, JAN, null, START),
                        new AssignmentEnded(PILOT, P4, JAN, START, APRIL, AssignmentEndReason.CASEWORKER_CHANGE))
                .when(new AssignParticipant(PILOT, P4, ANNA, APRIL))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("caseload ratio")))
                .expectNoEvents();
    }

    // --- ending and reassigning -------------------------------------------------------------------------------

    @Test
    void givenAnAssignedParticipant_whenEndingTheAssignment_thenAssignmentEndedNamesCaseworkerStartAndFirstDayWithout() {
        AssignmentEnded ended = new AssignmentEnded(PILOT, P0, ANNA, START, JULY, AssignmentEndReason.CASEWORKER_CHANGE);
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START))
                .when(new EndAssignment(PILOT, P0, JULY, AssignmentEndReason.CASEWORKER_CHANGE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(ended)
                .expectResultMessagePayload(ended);
    }

    @Test
    void givenAnAssignedParticipant_whenEndingOnTheFirstDayOfTheAssignment_thenAcceptedAndItCoversNoDay() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, APRIL))
                .when(new EndAssignment(PILOT, P0, APRIL, AssignmentEndReason.OTHER))
                .expectEvents(new AssignmentEnded(PILOT, P0, ANNA, APRIL, APRIL, AssignmentEndReason.OTHER));
    }

    @Test
    void givenAnAssignedParticipant_whenEndingBeforeTheAssignmentStarted_thenRejectedAsInvalidEffectiveDate() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, APRIL))
                .when(new EndAssignment(PILOT, P0, APRIL.minusDays(1), AssignmentEndReason.OTHER))
                .expectException(Matchers.predicate((InvalidRequest e) -> e.problems().size() == 1
                        && e.problems().get(0).field().equals("effectiveDate")
                        && e.problems().get(0).message().contains("before the start")))
                .expectNoEvents();
    }

    @Test
    void givenAnAssignedParticipant_whenEndingAfterThePilotEnd_thenRejectedAsInvalidEffectiveDate() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START))
                .when(new EndAssignment(PILOT, P0, END.plusDays(1), AssignmentEndReason.OTHER))
                .expectException(Matchers.predicate((InvalidRequest e) -> e.problems().get(0).field()
                        .equals("effectiveDate") && e.problems().get(0).message().contains("outside the pilot period")))
                .expectNoEvents();
    }

    @Test
    void givenAnAssignmentStartedAfterThePilotInTheOldForm_whenEndingItOnItsFirstDay_thenAcceptedThoughOutsideThePeriod() {
        LocalDate recordedLater = END.plusYears(1); // events of old recorded the day of recording as start
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, recordedLater))
                .when(new EndAssignment(PILOT, P0, recordedLater, AssignmentEndReason.OTHER))
                .expectEvents(new AssignmentEnded(PILOT, P0, ANNA, recordedLater, recordedLater,
                        AssignmentEndReason.OTHER));
    }

    @Test
    void givenAnUnassignedParticipant_whenEndingTheAssignment_thenRejectedWithConflict() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .when(new EndAssignment(PILOT, P0, APRIL, AssignmentEndReason.OTHER))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("not assigned")))
                .expectNoEvents();
    }

    @Test
    void givenAnEndedAssignment_whenEndingItAgain_thenRejectedWithConflict() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new AssignmentEnded(PILOT, P0, ANNA, START, MAY, AssignmentEndReason.OTHER))
                .when(new EndAssignment(PILOT, P0, JUNE, AssignmentEndReason.OTHER))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void givenAComparisonPerson_whenEndingTheirAssignment_thenAnsweredExactlyLikeAnUnknownPerson() {
        Throwable comparison = endRefusal("P-1");
        Throwable unknown = endRefusal("P-99");
        assertThat(comparison).isInstanceOf(UnknownEntity.class);
        assertThat(comparison.getClass()).isEqualTo(unknown.getClass());
        assertThat(comparison.getMessage()).isEqualTo(unknown.getMessage().replace("P-99", "P-1"));
    }

    @Test
    void givenAnAssignmentEndedOnJuly1_whenReassigningToAnotherFromJuly1_thenAccepted() {
        fixture.given(drawnPilotWithCaseworkers(ANNA, JAN))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new AssignmentEnded(PILOT, P0, ANNA, START, JULY, AssignmentEndReason.CASEWORKER_CHANGE))
                .when(new AssignParticipant(PILOT, P0, JAN, JULY))
                .expectEvents(new ParticipantAssigned(PILOT, P0, JAN, null, JULY));
    }

    @Test
    void givenAnAssignmentEndedOnJuly1_whenReassigningFromADayItStillCovered_thenRejected() {
        fixture.given(drawnPilotWithCaseworkers(ANNA, JAN))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new AssignmentEnded(PILOT, P0, ANNA, START, JULY, AssignmentEndReason.CASEWORKER_CHANGE))
                .when(new AssignParticipant(PILOT, P0, JAN, JULY.minusDays(1)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains(JULY.toString())))
                .expectNoEvents();
    }

    @Test
    void givenAReassignedParticipant_whenTheFirstCaseworkerTakesAnotherFromTheHandover_thenTheEndFreedTheirPlace() {
        fixture.given(drawnPilotWithCaseworkers(ANNA, JAN))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START),
                        new ParticipantAssigned(PILOT, P2, ANNA, null, START),
                        new AssignmentEnded(PILOT, P2, ANNA, START, JULY, AssignmentEndReason.CASEWORKER_CHANGE),
                        new ParticipantAssigned(PILOT, P2, JAN, null, JULY))
                .when(new AssignParticipant(PILOT, P4, ANNA, JULY))
                .expectEvents(new ParticipantAssigned(PILOT, P4, ANNA, null, JULY));
    }

    @Test
    void givenAComparisonPerson_whenAssigningThem_thenAnsweredExactlyLikeAnUnknownPerson() {
        Throwable comparison = refusal("P-1");  // in the comparison group
        Throwable unknown = refusal("P-99");    // not in the pilot at all
        Throwable unselected = refusal("P-7");  // in the population, drawn into neither group

        assertThat(comparison).isInstanceOf(UnknownEntity.class);
        assertThat(comparison.getClass()).isEqualTo(unknown.getClass()).isEqualTo(unselected.getClass());
        assertThat(comparison.getMessage())
                .as("blinding: the answer must not tell a comparison person from an unknown one")
                .isEqualTo(unknown.getMessage().replace("P-99", "P-1"))
                .isEqualTo(unselected.getMessage().replace("P-7", "P-1"))
                .doesNotContainIgnoringCase("comparison")
                .doesNotContainIgnoringCase("group");
    }

    @Test
    void givenAPilotNotYetDrawn_whenAssigningAPopulationMember_thenAnsweredLikeAnUnknownPerson() {
        given(populated(8)).andGiven(new CaseworkerRegistered(PILOT, ANNA, "Anna Schulte", TODAY))
                .when(new AssignParticipant(PILOT, Pseudonym.of("P-0"), ANNA, START))
                .expectException(UnknownEntity.class)
                .expectExceptionMessage(UnknownEntity.person(Pseudonym.of("P-0")).getMessage())
                .expectNoEvents();
    }

    @Test
    void givenNoSuchCaseworker_whenAssigning_thenUnknownEntity() {
        fixture.given(drawnPilotWithCaseworkers(ANNA))
                .when(new AssignParticipant(PILOT, Pseudonym.of("P-0"), JAN, START))
                .expectException(UnknownEntity.class)
                .expectExceptionMessage(Matchers.predicate((String message) -> message.contains("caseworker2")))
                .expectNoEvents();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** The exception with which ending the assignment of {@code person} is refused. */
    private Throwable endRefusal(String person) {
        List<Throwable> thrown = new ArrayList<>();
        new AggregateTestFixture<>(Pilot.class)
                .given(drawnPilotWithCaseworkers(ANNA))
                .andGiven(new ParticipantAssigned(PILOT, P0, ANNA, null, START))
                .when(new EndAssignment(PILOT, Pseudonym.of(person), APRIL, AssignmentEndReason.OTHER))
                .expectException(Matchers.predicate((Throwable e) -> thrown.add(e)))
                .expectNoEvents();
        assertThat(thrown).hasSize(1);
        return thrown.get(0);
    }

    /** The exception with which assigning {@code person} to Anna is refused (P-1 is a comparison person). */
    private Throwable refusal(String person) {
        List<Throwable> thrown = new ArrayList<>();
        new AggregateTestFixture<>(Pilot.class)
                .given(drawnPilotWithCaseworkers(ANNA))
                .when(new AssignParticipant(PILOT, Pseudonym.of(person), ANNA, START))
                .expectException(Matchers.predicate((Throwable e) -> thrown.add(e)))
                .expectNoEvents();
        assertThat(thrown).hasSize(1);
        return thrown.get(0);
    }

    private PilotDefined defined() {
        return new PilotDefined(PILOT, "Bocholt", "Kreis Borken", "Bocholt", START, END, RATIO, PLACES,
                Eligibility.LONG_TERM_RECIPIENTS, List.of(StratumVariable.SEX), seed.commitment(), TODAY);
    }

    private static Sex sexOf(int i) {
        return i % 2 == 0 ? Sex.FEMALE : Sex.MALE;
    }

    private static PopulationMember member(String person, Sex sex, int birthYear, int monthsInReceipt) {
        return new PopulationMember(Pseudonym.of(person), sex, YearMonth.of(birthYear, 3),
                ApplicantType.ACTIVATION, monthsInReceipt, false, new BigDecimal("812.50"), "H-" + person);
    }

    /** The event the aggregate must derive from {@code member}: age class on the start, eligible from 21 months. */
    private static PopulationMemberRecorded recorded(PopulationMember member) {
        return new PopulationMemberRecorded(PILOT, member.person(), member.sex(), member.birthMonth(),
                AgeClass.of(member.birthMonth(), START), member.applicantType(), member.monthsInReceiptOfLast24(),
                member.marginalEmployment(), member.monthlyClaim(), member.household(),
                member.monthsInReceiptOfLast24() >= 21, START);
    }

    /** The pilot with persons P-0 .. P-(n-1), all eligible, alternately female and male. */
    private List<Object> populated(int persons) {
        List<Object> events = new ArrayList<>();
        events.add(defined());
        for (int i = 0; i < persons; i++) {
            events.add(recorded(member("P-" + i, sexOf(i), 1960 + i, 24)));
        }
        return events;
    }

    /** Eight persons; P-0, P-2, P-4 participants, P-1, P-3, P-5 comparison, P-6, P-7 drawn into neither. */
    private List<Object> drawnPilotWithCaseworkers(CaseworkerId... caseworkers) {
        List<Object> events = new ArrayList<>(populated(8));
        events.add(drawn(List.of("P-0", "P-2", "P-4"), List.of("P-1", "P-3", "P-5")));
        Stream.of(caseworkers).forEach(c -> events.add(new CaseworkerRegistered(PILOT, c, "Name of " + c, TODAY)));
        return events;
    }

    private GroupsDrawn drawn(List<String> participants, List<String> comparison) {
        return new GroupsDrawn(PILOT, seed.hex(), StratifiedDraw.ALGORITHM,
                participants.stream().map(Pseudonym::of).toList(), comparison.stream().map(Pseudonym::of).toList(),
                List.of(new StratumAllocation(Map.of(StratumVariable.SEX, "FEMALE"), 4, participants.size(),
                        comparison.size())), DRAW_DAY);
    }

    private static Set<Pseudonym> persons(int n) {
        Set<Pseudonym> persons = new HashSet<>();
        for (int i = 0; i < n; i++) {
            persons.add(Pseudonym.of("P-" + i));
        }
        return persons;
    }

    private static boolean disjoint(List<Pseudonym> a, List<Pseudonym> b) {
        Set<Pseudonym> all = new HashSet<>(a);
        return b.stream().noneMatch(all::contains);
    }
}
