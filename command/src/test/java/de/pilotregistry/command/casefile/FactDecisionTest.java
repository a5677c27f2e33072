package de.pilotregistry.command.casefile;

import de.pilotregistry.command.casefile.FactImport.Decided;
import de.pilotregistry.command.casefile.FactImport.Decider;
import de.pilotregistry.command.casefile.FactImport.Row;
import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactReceipt.Outcome;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.ids.Pseudonym;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decide step of the one write path of case facts ({@link FactImport}, for a single fact and for every row of
 * a file alike): given the facts a case holds, what a delivered fact becomes. Accepted, unchanged (same source id,
 * same content), corrected (same source id, other content, or an explicit {@code corrects}), retracted, and
 * refused. The given facts are the events of the case with the ids {@code E1}, {@code E2}, ... in order; new events
 * get the ids {@code NEW-1}, {@code NEW-2}, ...
 */
class FactDecisionTest {

    private static final Pseudonym PERSON = Pseudonym.of("P-000017");
    private static final LocalDate MAY_FIRST = LocalDate.of(2011, 5, 1);

    private final Map<String, CaseFacts> cases = new HashMap<>();
    private int newIds;
    private final Decider decider = new Decider(Set.of(PERSON.value()), cases, () -> "NEW-" + ++newIds,
            RecordedAs.DATA_STEWARD);
    private final Decider caseworker = new Decider(Set.of(PERSON.value()), cases, () -> "NEW-" + ++newIds,
            RecordedAs.CASEWORKER);

    // --- accepted ---------------------------------------------------------------------------------------------

    @Test
    void givenNoCase_whenRecordingAContact_thenContactRecordedIsAcceptedUnderANewEventId() {
        Decided decided = decide(contact(ContactOutcome.ATTENDED, null, null));

        assertThat(decided.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(decided.event()).isEqualTo(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON,
                ContactOutcome.ATTENDED, null, null));
        assertThat(decided.eventId()).isEqualTo("NEW-1");
        assertThat(decided.problem()).isNull();
    }

    @Test
    void givenACaseWithAFact_whenRecordingAnotherFromAnotherSource_thenAcceptedAsANewFactOfTheCase() {
        given(fullTimeJob("BA-9"));

        Decided decided = decide(new CaseFact(FactType.JOB_START, MAY_FIRST.plusMonths(2), "BA-10",
                EmploymentType.MARGINAL, new BigDecimal("8"), new BigDecimal("400.00"), null, null, null, null, null));

        assertThat(decided.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(decided.event()).isEqualTo(new JobStarted(PERSON, MAY_FIRST.plusMonths(2), EmploymentType.MARGINAL,
                new BigDecimal("8"), "400.00", "BA-10", null));
        assertThat(decided.eventId()).isEqualTo("NEW-1").isNotEqualTo("E1");
    }

    @Test
    void givenATypedInContact_whenTheSameContactIsTypedInAgain_thenAcceptedAgainBecauseThereIsNoSourceId() {
        given(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED, null, null));

        Decided decided = decide(contact(ContactOutcome.ATTENDED, null, null));

        assertThat(decided.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(decided.event()).isEqualTo(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON,
                ContactOutcome.ATTENDED, null, null));
    }

    // --- unchanged --------------------------------------------------------------------------------------------

    @Test
    void givenAFactFromASource_whenTheSameIsDeliveredAgain_thenUnchangedWithoutAnEventNamingTheEarlierEvent() {
        given(fullTimeJob("BA-9"));

        Decided decided = decide(jobStart("BA-9", EmploymentType.FULL_TIME, null));

        assertThat(decided).isEqualTo(new Decided(Outcome.UNCHANGED, "E1", null, null));
        assertThat(newIds).as("no event id handed out").isZero();
    }

    @Test
    void givenARetractionFromASource_whenTheRetractionIsDeliveredAgain_thenUnchanged() {
        given(fullTimeJob("BA-9"), new FactRetracted(PERSON, "E1", "wrong person", "BA-R1"));

        Decided decided = decide(retraction("BA-9", "BA-R1"));

        assertThat(decided).isEqualTo(new Decided(Outcome.UNCHANGED, "E2", null, null));
    }

    // --- corrected --------------------------------------------------------------------------------------------

    @Test
    void givenAFactFromASource_whenDeliveredWithOtherContent_thenRecordedAsACorrectionOfThatFact() {
        given(fullTimeJob("BA-9"));

        Decided decided = decide(jobStart("BA-9", EmploymentType.PART_TIME, null));

        assertThat(decided.outcome()).isEqualTo(Outcome.CORRECTED);
        assertThat(decided.event()).isEqualTo(new JobStarted(PERSON, MAY_FIRST, EmploymentType.PART_TIME,
                new BigDecimal("39"), "2100.00", "BA-9", "E1"));
        assertThat(decided.eventId()).isEqualTo("NEW-1");
    }

    @Test
    void givenACorrectedFact_whenTheOriginalContentIsDeliveredAgain_thenItCorrectsTheLatestVersion() {
        given(fullTimeJob("BA-9"), new JobStarted(PERSON, MAY_FIRST, EmploymentType.PART_TIME, new BigDecimal("39"),
                "2100.00", "BA-9", "E1"));

        Decided decided = decide(jobStart("BA-9", EmploymentType.FULL_TIME, null));

        assertThat(decided.outcome()).isEqualTo(Outcome.CORRECTED);
        assertThat(decided.event()).isEqualTo(new JobStarted(PERSON, MAY_FIRST, EmploymentType.FULL_TIME,
                new BigDecimal("39"), "2100.00", "BA-9", "E2"));
    }

    @Test
    void givenATypedInContact_whenRestatedByItsEventId_thenRecordedAsItsCorrection() {
        given(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED, null, null));

        Decided decided = decide(contact(ContactOutcome.MISSED, null, "E1"));

        assertThat(decided.outcome()).isEqualTo(Outcome.CORRECTED);
        assertThat(decided.event()).isEqualTo(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON,
                ContactOutcome.MISSED, null, "E1"));
    }

    // --- retracted --------------------------------------------------------------------------------------------

    @Test
    void givenAFact_whenRetractingItByEventId_thenFactRetractedNamesThatEvent() {
        given(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.PHONE, ContactOutcome.ATTENDED, null, null),
                fullTimeJob("BA-9"));

        Decided decided = decide(retraction("E2", null));

        assertThat(decided.outcome()).isEqualTo(Outcome.CORRECTED);
        assertThat(decided.event()).isEqualTo(new FactRetracted(PERSON, "E2", "wrong person", null));
    }

    @Test
    void givenAFact_whenRetractingItBySourceId_thenFactRetractedNamesItsEventId() {
        given(fullTimeJob("BA-9"));

        Decided decided = decide(retraction("BA-9", null));

        assertThat(decided.event()).isEqualTo(new FactRetracted(PERSON, "E1", "wrong person", null));
    }

    @Test
    void givenACorrectedFact_whenRetractingItBySourceId_thenTheLatestVersionIsRetracted() {
        given(fullTimeJob("BA-9"), new JobStarted(PERSON, MAY_FIRST, EmploymentType.PART_TIME, new BigDecimal("39"),
                "2100.00", "BA-9", "E1"));

        Decided decided = decide(retraction("BA-9", null));

        assertThat(decided.event()).isEqualTo(new FactRetracted(PERSON, "E2", "wrong person", null));
    }

    // --- refused ----------------------------------------------------------------------------------------------

    @Test
    void givenNoSuchFact_whenRetractingIt_thenRejectedOnCorrectsAndNothingRecorded() {
        given(fullTimeJob("BA-9"));

        assertRejectedOnCorrects(decide(retraction("no-such-fact", null)), "names no fact");
    }

    @Test
    void givenNoCase_whenRetractingAFact_thenRejectedOnCorrectsAndNothingRecorded() {
        assertRejectedOnCorrects(decide(retraction("BA-9", null)), "names no fact");
    }

    @Test
    void givenNoSuchFact_whenCorrectingIt_thenRejectedAndNothingRecorded() {
        given(fullTimeJob("BA-9"));

        assertRejectedOnCorrects(decide(contact(ContactOutcome.ATTENDED, null, "no-such-fact")), "names no fact");
    }

    @Test
    void givenARetractedFact_whenRetractingItAgain_thenRejectedAndNothingRecorded() {
        given(fullTimeJob("BA-9"), new FactRetracted(PERSON, "E1", "wrong person", null));

        assertRejectedOnCorrects(decide(retraction("E1", null)), "already withdrawn");
    }

    @Test
    void givenACorrectedFact_whenCorrectingTheOldVersionByEventId_thenRejectedAndNothingRecorded() {
        given(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED, null, null),
                new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.MISSED, null, "E1"));

        assertRejectedOnCorrects(decide(contact(ContactOutcome.CANCELLED, null, "E1")), "already withdrawn");
    }

    @Test
    void givenARetraction_whenCorrectingTheRetractionItself_thenRejectedAndNothingRecorded() {
        given(fullTimeJob("BA-9"), new FactRetracted(PERSON, "E1", "wrong person", null));

        assertRejectedOnCorrects(decide(retraction("E2", null)), "retraction");
    }

    @Test
    void givenAPersonInNoPopulation_whenRecordingAFact_thenRejectedOnPersonAndNothingRecorded() {
        Pseudonym stranger = Pseudonym.of("P-999999");

        Decided decided = decider.decide(new Row(7, stranger, contact(ContactOutcome.ATTENDED, null, null)));

        assertThat(decided.rejected()).isTrue();
        assertThat(decided.problem().field()).isEqualTo("person");
        assertThat(decided.problem().message()).contains("in no pilot's population");
        assertThat(cases).doesNotContainKey(stranger.value());
        assertThat(newIds).isZero();
    }

    // --- rows of one batch ------------------------------------------------------------------------------------

    @Test
    void givenARowDecidedEarlierInTheBatch_whenALaterRowRepeatsIt_thenUnchangedNamingTheEventOfTheEarlierRow() {
        Decided first = decide(jobStart("BA-9", EmploymentType.FULL_TIME, null));

        Decided repeat = decide(jobStart("BA-9", EmploymentType.FULL_TIME, null));

        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(repeat).isEqualTo(new Decided(Outcome.UNCHANGED, first.eventId(), null, null));
    }

    @Test
    void givenARowDecidedEarlierInTheBatch_whenALaterRowRetractsItBySourceId_thenTheRetractionNamesItsNewEvent() {
        Decided first = decide(jobStart("BA-9", EmploymentType.FULL_TIME, null));

        Decided retracted = decide(retraction("BA-9", "BA-R1"));
        Decided again = decide(retraction(first.eventId(), null));

        assertThat(retracted.event()).isEqualTo(new FactRetracted(PERSON, first.eventId(), "wrong person", "BA-R1"));
        assertRejectedOnCorrects(again, "already withdrawn");
    }

    @Test
    void givenTheLookupRowsOfACorrectedFact_whenCorrectingTheOldVersionOrDeliveringTheLatestAgain_thenDecidedAsOnTheEvents() {
        // as CaseFactLookup reads them from cmd_case_fact: in order, withdrawn where corrected later
        CaseFacts stored = new CaseFacts();
        JobStarted original = fullTimeJob("BA-9");
        JobStarted correction = new JobStarted(PERSON, MAY_FIRST, EmploymentType.PART_TIME, new BigDecimal("39"),
                "2100.00", "BA-9", "E1");
        stored.add(new CaseFacts.Known("E1", FactType.JOB_START, "BA-9", Fingerprint.of(original, null), true, false));
        stored.add(new CaseFacts.Known("E2", FactType.JOB_START, "BA-9", Fingerprint.of(correction, null), false, false));
        cases.put(PERSON.value(), stored);

        assertRejectedOnCorrects(decide(jobStart(null, EmploymentType.MARGINAL, "E1")), "already withdrawn");
        assertThat(decide(jobStart("BA-9", EmploymentType.PART_TIME, null)))
                .isEqualTo(new Decided(Outcome.UNCHANGED, "E2", null, null));
    }

    // --- who may correct ---------------------------------------------------------------------------------------

    @Test
    void givenAFactOfADataSteward_whenACaseworkerCorrectsOrRetractsIt_thenForbiddenAndNothingRecorded() {
        given(fullTimeJob("BA-9"));

        for (Decided decided : new Decided[]{
                caseworker.decide(new Row(0, PERSON, jobStart(null, EmploymentType.PART_TIME, "E1"))),
                caseworker.decide(new Row(0, PERSON, jobStart(null, EmploymentType.PART_TIME, "BA-9"))),
                caseworker.decide(new Row(0, PERSON, retraction("E1", null)))}) {
            assertThat(decided.rejected()).as(decided.toString()).isTrue();
            assertThat(decided.forbidden()).isTrue();
            assertThat(decided.event()).isNull();
            assertThat(decided.problem().field()).isEqualTo("corrects");
            assertThat(decided.problem().message()).contains("only a DATA_STEWARD");
        }
        // a changed repeat of the steward's source id would correct it as well
        Decided restated = caseworker.decide(new Row(0, PERSON, jobStart("BA-9", EmploymentType.PART_TIME, null)));
        assertThat(restated.forbidden()).isTrue();
        assertThat(restated.problem().field()).isEqualTo("source_id");
        // the steward may
        assertThat(decide(jobStart(null, EmploymentType.PART_TIME, "E1")).outcome()).isEqualTo(Outcome.CORRECTED);
    }

    @Test
    void givenAFactOfACaseworker_whenACaseworkerOrADataStewardCorrectsIt_thenCorrected() {
        givenBy(RecordedAs.CASEWORKER, new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON,
                ContactOutcome.ATTENDED, null, null));

        Decided corrected = caseworker.decide(new Row(0, PERSON, contact(ContactOutcome.MISSED, null, "E1")));
        assertThat(corrected.outcome()).isEqualTo(Outcome.CORRECTED);
        assertThat(corrected.forbidden()).isFalse();
        Decided retracted = caseworker.decide(new Row(0, PERSON, retraction(corrected.eventId(), null)));
        assertThat(retracted.event()).isInstanceOf(FactRetracted.class);
        givenBy(RecordedAs.CASEWORKER, new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON,
                ContactOutcome.ATTENDED, null, null));
        assertThat(decide(contact(ContactOutcome.MISSED, null, "E1")).outcome()).isEqualTo(Outcome.CORRECTED);
    }

    @Test
    void givenAFactWhoseRecorderIsUnknown_whenACaseworkerCorrectsIt_thenForbidden() {
        CaseFacts stored = new CaseFacts();
        stored.add(new CaseFacts.Known("E1", FactType.JOB_START, "BA-9", Fingerprint.of(fullTimeJob("BA-9"), null), false,
                false)); // as the lookup reads a fact stored before V93 without roles in its metadata
        cases.put(PERSON.value(), stored);
        assertThat(caseworker.decide(new Row(0, PERSON, retraction("E1", null))).forbidden()).isTrue();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** The case holds {@code events}, with the event ids E1, E2, ... in order (as folded from the store). */
    private void given(CaseFactEvent... events) {
        givenBy(RecordedAs.DATA_STEWARD, events);
    }

    private void givenBy(RecordedAs recordedAs, CaseFactEvent... events) {
        CaseFacts facts = new CaseFacts();
        for (int i = 0; i < events.length; i++) {
            facts.add("E" + (i + 1), events[i], Fingerprint.of(events[i], null), recordedAs);
        }
        cases.put(PERSON.value(), facts);
    }

    private Decided decide(CaseFact fact) {
        return decider.decide(new Row(2, PERSON, fact));
    }

    private static void assertRejectedOnCorrects(Decided decided, String text) {
        assertThat(decided.rejected()).as(decided.toString()).isTrue();
        assertThat(decided.event()).as("nothing recorded").isNull();
        assertThat(decided.eventId()).isNull();
        assertThat(decided.problem().field()).isEqualTo("corrects");
        assertThat(decided.problem().message()).contains(text);
    }

    private static JobStarted fullTimeJob(String sourceId) {
        return new JobStarted(PERSON, MAY_FIRST, EmploymentType.FULL_TIME, new BigDecimal("39"),
                "2100.00", sourceId, null);
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
