package de.pilotregistry.command.casefile;

import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.platform.SealedValues;
import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.codes.FactType;

/**
 * The personal values of case facts, a job's exact wage and a retraction's free-text reason: sealed with
 * {@link PersonalData} under the person's subject ({@code person:<pseudonym>}) before the event is appended, opened
 * where the command side compares a re-delivery with the stored fact (docs/data-protection.md).
 */
final class PersonalFacts {

    private PersonalFacts() {
    }

    /** The subject a fact's personal values are sealed for. */
    static String subjectOf(CaseFactEvent event) {
        return PersonalData.person(event.person().value());
    }

    /** Whether a delivered fact carries a personal value (so its person's data key is needed). */
    static boolean holdsPersonalValue(CaseFact fact) {
        return fact.type() == FactType.JOB_START ? fact.monthlyWage() != null
                : fact.type() == FactType.RETRACTION && fact.reason() != null;
    }

    static boolean holdsPersonalValue(CaseFactEvent event) {
        if (event instanceof JobStarted job) {
            return job.monthlyWage() != null;
        }
        return event instanceof FactRetracted retraction && retraction.reason() != null;
    }

    /** The fact with its personal values sealed under {@code key}, the person's data key. */
    static CaseFactEvent seal(CaseFactEvent opened, byte[] key) {
        String subject = subjectOf(opened);
        if (opened instanceof JobStarted e && e.monthlyWage() != null) {
            return e.withMonthlyWage(PersonalData.seal(key, subject, JobStarted.MONTHLY_WAGE, e.monthlyWage()));
        }
        if (opened instanceof FactRetracted e && e.reason() != null) {
            return e.withReason(PersonalData.seal(key, subject, FactRetracted.REASON, e.reason()));
        }
        return opened;
    }

    /**
     * The stored fact with its personal values opened (plain values of revision 1 events as they are); null when they
     * were erased.
     */
    static CaseFactEvent open(CaseFactEvent stored, byte[] keyOrNull) {
        String subject = subjectOf(stored);
        if (stored instanceof JobStarted e && e.monthlyWage() != null) {
            PersonalData.Opened wage = PersonalData.openStored(keyOrNull, subject, JobStarted.MONTHLY_WAGE,
                    e.monthlyWage());
            return wage.erased() ? null : e.withMonthlyWage(wage.value());
        }
        if (stored instanceof FactRetracted e && e.reason() != null) {
            PersonalData.Opened reason = PersonalData.openStored(keyOrNull, subject, FactRetracted.REASON, e.reason());
            return reason.erased() ? null : e.withReason(reason.value());
        }
        return stored;
    }

    /** Whether the stored fact holds a sealed value (revision 2 on; revision 1 events hold them plain). */
    static boolean holdsSealedValue(CaseFactEvent stored) {
        if (stored instanceof JobStarted job) {
            return SealedValues.isSealed(job.monthlyWage());
        }
        return stored instanceof FactRetracted retraction && SealedValues.isSealed(retraction.reason());
    }
}
