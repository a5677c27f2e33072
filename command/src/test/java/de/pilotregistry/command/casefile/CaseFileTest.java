package de.pilotregistry.command.casefile;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactReceipt;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.casefile.RecordCaseFact;
import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

class CaseFileTest {

    private static final Pseudonym PERSON = Pseudonym.of("P-000017");
    private static final LocalDate MAY_FIRST = LocalDate.of(2011, 5, 1);

    private FixtureConfiguration<CaseFile> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseFile.class);
    }

    @Test
    void givenNoCase_whenRecordingAContact_thenTheCaseStartsWithContactRecorded() {
        fixture.givenNoPriorActivity()
                .when(new RecordCaseFact(PERSON, contact(null)))
                .expectEvents(new ContactRecorded(PERSON, MAY_FIRST, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED,
                        null, null))
                .expectResultMessagePayloadMatching(Matchers.predicate(
                        (FactReceipt receipt) -> receipt.outcome() == FactReceipt.Outcome.ACCEPTED
                                && receipt.eventId() != null && receipt.sequence() == 0));
    }

    @Test
    void givenAFactFromASource_whenTheSameIsDeliveredAgain_thenNothingIsRecordedAndItIsUnchanged() {
        fixture.given(fullTimeJob())
                .when(new RecordCaseFact(PERSON, jobStart(EmploymentType.FULL_TIME, null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(Matchers.predicate(
                        (FactReceipt receipt) -> receipt.outcome() == FactReceipt.Outcome.UNCHANGED));
    }

    @Test
    void givenAFactFromASource_whenDeliveredWithOtherContent_thenRecordedAsItsCorrection() {
        fixture.given(fullTimeJob())
                .when(new RecordCaseFact(PERSON, jobStart(EmploymentType.PART_TIME, null)))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate((JobStarted restated) -> restated.employmentType() == EmploymentType.PART_TIME
                                && restated.corrects() != null && "BA-9".equals(restated.sourceId())),
                        Matchers.andNoMore())))
                .expectResultMessagePayloadMatching(Matchers.predicate(
                        (FactReceipt receipt) -> receipt.outcome() == FactReceipt.Outcome.CORRECTED));
    }

    @Test
    void givenAFact_whenRetractingItBySourceId_thenFactRetractedNamesIt() {
        fixture.given(fullTimeJob())
                .when(new RecordCaseFact(PERSON, retraction("BA-9")))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate((FactRetracted retracted) -> retracted.corrects() != null
                                && "wrong person".equals(retracted.reason())),
                        Matchers.andNoMore())));
    }

    @Test
    void givenARetractedFact_whenRetractingItAgain_thenRejectedAndNothingRecorded() {
        fixture.given(fullTimeJob())
                .andGivenCommands(new RecordCaseFact(PERSON, retraction("BA-9")))
                .when(new RecordCaseFact(PERSON, retraction("BA-9")))
                .expectException(InvalidRequest.class)
                .expectNoEvents();
    }

    @Test
    void givenNoSuchFact_whenCorrectingIt_thenRejectedAndNothingRecorded() {
        fixture.given(fullTimeJob())
                .when(new RecordCaseFact(PERSON, contact("no-such-fact")))
                .expectException(InvalidRequest.class)
                .expectNoEvents();
    }

    private static JobStarted fullTimeJob() {
        return new JobStarted(PERSON, MAY_FIRST, EmploymentType.FULL_TIME, new BigDecimal("39"),
                new BigDecimal("2100.00"), "BA-9", null);
    }

    private static CaseFact jobStart(EmploymentType type, String corrects) {
        return new CaseFact(FactType.JOB_START, MAY_FIRST, "BA-9", type, new BigDecimal("39"),
                new BigDecimal("2100.00"), null, null, null, null, corrects);
    }

    private static CaseFact contact(String corrects) {
        return new CaseFact(FactType.CONTACT, MAY_FIRST, null, null, null, null, null, ContactChannel.IN_PERSON,
                ContactOutcome.ATTENDED, null, corrects);
    }

    private static CaseFact retraction(String corrects) {
        return new CaseFact(FactType.RETRACTION, null, null, null, null, null, null, null, null, "wrong person",
                corrects);
    }
}
