package de.pilotregistry.command.casefile;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactReceipt;
import de.pilotregistry.shared.casefile.FactReceipt.Outcome;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.casefile.RecordCaseFact;
import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case file aggregate and its fact policy: accepted, unchanged (same source id, same content), corrected
 * (same source id, other content, or an explicit {@code corrects}), retracted, and refused.
 *
 * <p>Some tests need the event id of a given event. The fixture wraps every given event (even a
 * {@code GenericDomainEventMessage} with an explicit identifier) into a new message with a fresh identifier,
 * so the ids are read back from the fixture's event store after the given step; see {@link #given(Object...)}.
 */
class CaseFileTest {

    private static final Pseudonym PERSON = Pseudonym.of("P-000017");
    private static final LocalDate MAY_FIRST = LocalDate.of(2011, 5, 1);

    private FixtureConfiguration<CaseFile> fixture;
    /** Event ids of the given events, in order; filled by {@link #given(Object...)}. */
    private List<String> givenIds;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseFile.class);
    }

    // --- accepted ---------------------------------------------------------------------------------------------

    @Test
    void givenNoCase_whenRecordingAContact_thenTheCaseIsCreatedWithContactRecordedAndTheReceiptNamesTheEvent() {
        List<String> published = new ArrayList<>();
        fixture.givenNoPriorActivity()
                .when(new RecordCaseFact(PERSON, contact(ContactOutcome.ATTENDED, null, null)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED,
                        null, null))
                .expectEventsMatching(Matchers.predicate((List<EventMessage<?>> events) ->
                        published.add(events.get(0).getIdentifier())))
                .expectResultMessagePayloadMatching(Matchers.predicate((FactReceipt receipt) ->
                        receipt.outcome() == Outcome.ACCEPTED && receipt.eventId().equals(published.get(0))
                                && receipt.sequence() == 0));
    }

    @Test
    void givenACaseWithAFact_whenRecordingAnotherFromAnotherSource_thenAcceptedAsTheNextInTheCase() {
        List<String> published = new ArrayList<>();
        given(fullTimeJob("BA-9"))
                .when(new RecordCaseFact(PERSON, new CaseFact(FactType.JOB_START, MAY_FIRST.plusMonths(2), "BA-10",
                        EmploymentType.MARGINAL, new BigDecimal("8"), new BigDecimal("400.00"), null, null, null, null,
                        null)))
                .expectEvents(new JobStarted(PERSON, MAY_FIRST.plusMonths(2), EmploymentType.MARGINAL,
                        new BigDecimal("8"), new BigDecimal("400.00"), "BA-10", null))
                .expectEventsMatching(Matchers.predicate((List<EventMessage<?>> events) ->
                        published.add(events.get(0).getIdentifier())))
                .expectResultMessagePayloadMatching(Matchers.predicate((FactReceipt receipt) ->
                        receipt.outcome() == Outcome.ACCEPTED && receipt.eventId().equals(published.get(0))
                                && receipt.sequence() == 1));
        assertThat(published.get(0)).isNotEqualTo(givenIds.get(0));
    }

    @Test
    void givenATypedInContact_whenTheSameContactIsTypedInAgain_thenAcceptedAgainBecauseThereIsNoSourceId() {
        given(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED, null, null))
                .when(new RecordCaseFact(PERSON, contact(ContactOutcome.ATTENDED, null, null)))
                .expectEvents(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED,
                        null, null))
                .expectResultMessagePayloadMatching(Matchers.predicate((FactReceipt receipt) ->
                        receipt.outcome() == Outcome.ACCEPTED));
    }

    // --- unchanged --------------------------------------------------------------------------------------------

    @Test
    void givenAFactFromASource_whenTheSameIsDeliveredAgain_thenNothingIsRecordedAndTheReceiptNamesTheEarlierEvent() {
        given(fullTimeJob("BA-9"))
                .when(new RecordCaseFact(PERSON, jobStart("BA-9", EmploymentType.FULL_TIME, null)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new FactReceipt(Outcome.UNCHANGED, givenIds.get(0), -1));
    }

    @Test
    void givenARetractionFromASource_whenTheRetractionIsDeliveredAgain_thenUnchanged() {
        TestExecutor<CaseFile> executor = given(fullTimeJob("BA-9"));
        String job = givenIds.get(0);
        andGiven(executor, new FactRetracted(PERSON, job, "wrong person", "BA-R1"))
                .when(new RecordCaseFact(PERSON, retraction("BA-9", "BA-R1")))
                .expectNoEvents()
                .expectResultMessagePayload(new FactReceipt(Outcome.UNCHANGED, givenIds.get(1), -1));
    }

    // --- corrected --------------------------------------------------------------------------------------------

    @Test
    void givenAFactFromASource_whenDeliveredWithOtherContent_thenRecordedAsACorrectionOfThatFact() {
        given(fullTimeJob("BA-9"))
                .when(new RecordCaseFact(PERSON, jobStart("BA-9", EmploymentType.PART_TIME, null)))
                .expectEvents(new JobStarted(PERSON, MAY_FIRST, EmploymentType.PART_TIME, new BigDecimal("39"),
                        new BigDecimal("2100.00"), "BA-9", givenIds.get(0)))
                .expectResultMessagePayloadMatching(Matchers.predicate((FactReceipt receipt) ->
                        receipt.outcome() == Outcome.CORRECTED && receipt.sequence() == 1
                                && !receipt.eventId().equals(givenIds.get(0))));
    }

    @Test
    void givenACorrectedFact_whenTheOriginalContentIsDeliveredAgain_thenItCorrectsTheLatestVersion() {
        TestExecutor<CaseFile> executor = given(fullTimeJob("BA-9"));
        String original = givenIds.get(0);
        andGiven(executor, new JobStarted(PERSON, MAY_FIRST, EmploymentType.PART_TIME, new BigDecimal("39"),
                new BigDecimal("2100.00"), "BA-9", original))
                .when(new RecordCaseFact(PERSON, jobStart("BA-9", EmploymentType.FULL_TIME, null)))
                .expectEvents(new JobStarted(PERSON, MAY_FIRST, EmploymentType.FULL_TIME, new BigDecimal("39"),
                        new BigDecimal("2100.00"), "BA-9", givenIds.get(1)))
                .expectResultMessagePayloadMatching(Matchers.predicate((FactReceipt receipt) ->
                        receipt.outcome() == Outcome.CORRECTED && receipt.sequence() == 2));
    }

    @Test
    void givenATypedInContact_whenRestatedByItsEventId_thenRecordedAsItsCorrection() {
        given(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED, null, null))
                .when(new RecordCaseFact(PERSON, contact(ContactOutcome.MISSED, null, givenIds.get(0))))
                .expectEvents(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.MISSED,
                        null, givenIds.get(0)))
                .expectResultMessagePayloadMatching(Matchers.predicate((FactReceipt receipt) ->
                        receipt.outcome() == Outcome.CORRECTED));
    }

    // --- retracted --------------------------------------------------------------------------------------------

    @Test
    void givenAFact_whenRetractingItByEventId_thenFactRetractedNamesThatEvent() {
        given(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.PHONE, ContactOutcome.ATTENDED, null, null),
                fullTimeJob("BA-9"))
                .when(new RecordCaseFact(PERSON, retraction(givenIds.get(1), null)))
                .expectEvents(new FactRetracted(PERSON, givenIds.get(1), "wrong person", null))
                .expectResultMessagePayloadMatching(Matchers.predicate((FactReceipt receipt) ->
                        receipt.outcome() == Outcome.CORRECTED && receipt.sequence() == 2));
    }

    @Test
    void givenAFact_whenRetractingItBySourceId_thenFactRetractedNamesItsEventId() {
        given(fullTimeJob("BA-9"))
                .when(new RecordCaseFact(PERSON, retraction("BA-9", null)))
                .expectEvents(new FactRetracted(PERSON, givenIds.get(0), "wrong person", null));
    }

    @Test
    void givenACorrectedFact_whenRetractingItBySourceId_thenTheLatestVersionIsRetracted() {
        TestExecutor<CaseFile> executor = given(fullTimeJob("BA-9"));
        String original = givenIds.get(0);
        andGiven(executor, new JobStarted(PERSON, MAY_FIRST, EmploymentType.PART_TIME, new BigDecimal("39"),
                new BigDecimal("2100.00"), "BA-9", original))
                .when(new RecordCaseFact(PERSON, retraction("BA-9", null)))
                .expectEvents(new FactRetracted(PERSON, givenIds.get(1), "wrong person", null));
    }

    // --- refused ----------------------------------------------------------------------------------------------

    @Test
    void givenNoSuchFact_whenRetractingIt_thenRejectedOnCorrectsAndNothingRecorded() {
        given(fullTimeJob("BA-9"))
                .when(new RecordCaseFact(PERSON, retraction("no-such-fact", null)))
                .expectException(Matchers.predicate((InvalidRequest e) -> onCorrects(e, "names no fact")))
                .expectNoEvents();
    }

    @Test
    void givenNoCase_whenRetractingAFact_thenRejected() {
        fixture.givenNoPriorActivity()
                .when(new RecordCaseFact(PERSON, retraction("BA-9", null)))
                .expectException(InvalidRequest.class)
                .expectNoEvents();
    }

    @Test
    void givenNoSuchFact_whenCorrectingIt_thenRejectedAndNothingRecorded() {
        given(fullTimeJob("BA-9"))
                .when(new RecordCaseFact(PERSON, contact(ContactOutcome.ATTENDED, null, "no-such-fact")))
                .expectException(Matchers.predicate((InvalidRequest e) -> onCorrects(e, "names no fact")))
                .expectNoEvents();
    }

    @Test
    void givenARetractedFact_whenRetractingItAgain_thenRejectedAndNothingRecorded() {
        TestExecutor<CaseFile> executor = given(fullTimeJob("BA-9"));
        String job = givenIds.get(0);
        andGiven(executor, new FactRetracted(PERSON, job, "wrong person", null))
                .when(new RecordCaseFact(PERSON, retraction(job, null)))
                .expectException(Matchers.predicate((InvalidRequest e) -> onCorrects(e, "already withdrawn")))
                .expectNoEvents();
    }

    @Test
    void givenACorrectedFact_whenCorrectingTheOldVersionByEventId_thenRejectedAndNothingRecorded() {
        TestExecutor<CaseFile> executor = given(
                new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED, null, null));
        String original = givenIds.get(0);
        andGiven(executor,
                new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.MISSED, null, original))
                .when(new RecordCaseFact(PERSON, contact(ContactOutcome.CANCELLED, null, original)))
                .expectException(Matchers.predicate((InvalidRequest e) -> onCorrects(e, "already withdrawn")))
                .expectNoEvents();
    }

    @Test
    void givenARetraction_whenCorrectingTheRetractionItself_thenRejectedAndNothingRecorded() {
        TestExecutor<CaseFile> executor = given(fullTimeJob("BA-9"));
        String job = givenIds.get(0);
        andGiven(executor, new FactRetracted(PERSON, job, "wrong person", null))
                .when(new RecordCaseFact(PERSON, retraction(givenIds.get(1), null)))
                .expectException(Matchers.predicate((InvalidRequest e) -> onCorrects(e, "retraction")))
                .expectNoEvents();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /**
     * Gives {@code events} on a fresh fixture and reads their event ids back into {@link #givenIds}: reading the
     * events from the fixture's event store fixes the aggregate id and keeps the generated identifiers.
     */
    private TestExecutor<CaseFile> given(Object... events) {
        fixture = new AggregateTestFixture<>(CaseFile.class);
        TestExecutor<CaseFile> executor = fixture.given(events);
        givenIds = fixture.getEventStore().readEvents(PERSON.value()).asStream()
                .map(DomainEventMessage::getIdentifier).toList();
        assertThat(givenIds).hasSize(events.length).doesNotHaveDuplicates();
        return executor;
    }

    /** Gives further {@code events} (which may name the ids of earlier ones) and reads all ids back again. */
    private TestExecutor<CaseFile> andGiven(TestExecutor<CaseFile> executor, Object... events) {
        int before = givenIds.size();
        executor.andGiven(events);
        givenIds = fixture.getEventStore().readEvents(PERSON.value()).asStream()
                .map(DomainEventMessage::getIdentifier).toList();
        assertThat(givenIds).hasSize(before + events.length).doesNotHaveDuplicates();
        return executor;
    }

    private static boolean onCorrects(InvalidRequest e, String text) {
        return e.problems().size() == 1 && "corrects".equals(e.problems().get(0).field())
                && e.problems().get(0).message().contains(text);
    }

    private static JobStarted fullTimeJob(String sourceId) {
        return new JobStarted(PERSON, MAY_FIRST, EmploymentType.FULL_TIME, new BigDecimal("39"),
                new BigDecimal("2100.00"), sourceId, null);
    }

    private static CaseFact jobStart(String sourceId, EmploymentType type, String corrects) {
        return new CaseFact(FactType.JOB_START, MAY_FIRST, sourceId, type, new BigDecimal("39"),
                new BigDecimal("2100.00"), null, null, null, null, corrects);
    }

    private static CaseFact contact(ContactOutcome outcome, String sourceId, String corrects) {
        return new CaseFact(FactType.CONTACT, MAY_FIRST, sourceId, null, null, null, null, ContactChannel.IN_PERSON,
                outcome, null, corrects);
    }

    private static CaseFact retraction(String corrects, String sourceId) {
        return new CaseFact(FactType.RETRACTION, null, sourceId, null, null, null, null, null, null, "wrong person",
                corrects);
    }
}
