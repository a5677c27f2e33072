package de.pilotregistry.command.casefile;

import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.platform.SealedValues;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.ids.Pseudonym;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fingerprints of facts with personal values are keyed with the person's data key, so they go with the key; the
 * sealed value in the event is opened before hashing, so a re-delivery matches although its sealed value differs.
 */
class FingerprintTest {

    private static final Pseudonym PERSON = Pseudonym.of("P-000017");
    private static final LocalDate DAY = LocalDate.of(2011, 6, 1);
    private final byte[] key = SealedValues.newKey();

    @Test
    void aWageIsFingerprintedWithAKeyedHashThatMatchesTheSameFactOpenedFromAnotherSealing() {
        JobStarted job = job("2345.67");
        String fingerprint = Fingerprint.of(job, key);

        assertThat(fingerprint).startsWith(Fingerprint.KEYED).doesNotContain("2345");
        CaseFactEvent sealedOnce = PersonalFacts.seal(job, key);
        CaseFactEvent sealedTwice = PersonalFacts.seal(job, key);
        assertThat(sealedOnce).isNotEqualTo(sealedTwice); // fresh IV
        assertThat(Fingerprint.of(PersonalFacts.open(sealedOnce, key), key)).isEqualTo(fingerprint);
        assertThat(Fingerprint.matches(fingerprint, PersonalFacts.open(sealedTwice, key), key)).isTrue();
        assertThat(Fingerprint.matches(fingerprint, job("2345.68"), key)).isFalse();
        assertThat(Fingerprint.of(job, SealedValues.newKey())).as("another person's key").isNotEqualTo(fingerprint);
    }

    @Test
    void aRetractionReasonIsKeyedAndAFactWithoutPersonalValuesKeepsItsPlainHash() {
        FactRetracted retraction = new FactRetracted(PERSON, "E1", "mixed up with Mrs Quast", "BA-R");
        assertThat(Fingerprint.of(retraction, key)).startsWith(Fingerprint.KEYED);
        ContactRecorded contact = new ContactRecorded(PERSON, DAY, ContactChannel.PHONE, ContactOutcome.ATTENDED,
                null, null);
        assertThat(Fingerprint.of(contact, key)).isEqualTo(Fingerprint.of(contact, null)).doesNotStartWith("k1:");
        assertThat(Fingerprint.of(job(null), key)).as("no wage given").isEqualTo(Fingerprint.of(job(null), null));
    }

    @Test
    void aPlainFingerprintStoredBeforeWagesWereSealedStillMatchesTheSameFact() {
        String storedBefore = Fingerprint.of(job("2345.67"), null); // as the lookup stored it for revision 1 events
        assertThat(Fingerprint.matches(storedBefore, job("2345.67"), key)).isTrue();
        assertThat(Fingerprint.matches(storedBefore, job("2345.68"), key)).isFalse();
        assertThat(Fingerprint.matches(null, job("2345.67"), key)).as("erased when the lookup was rebuilt").isFalse();
    }

    @Test
    void anErasedWageDoesNotOpen() {
        CaseFactEvent sealed = PersonalFacts.seal(job("2345.67"), key);
        assertThat(PersonalFacts.open(sealed, null)).isNull();
        assertThat(PersonalFacts.holdsSealedValue(sealed)).isTrue();
        assertThat(PersonalFacts.holdsSealedValue(job("2345.67"))).as("a revision 1 event's plain wage").isFalse();
        assertThat(PersonalData.openStored(key, PersonalData.person(PERSON.value()), JobStarted.MONTHLY_WAGE,
                ((JobStarted) sealed).monthlyWage()).value()).isEqualTo("2345.67");
    }

    private static JobStarted job(String wage) {
        return new JobStarted(PERSON, DAY, EmploymentType.FULL_TIME, new BigDecimal("39"), wage, "BA-W", null);
    }
}
