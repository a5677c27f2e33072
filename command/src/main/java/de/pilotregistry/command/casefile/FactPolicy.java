package de.pilotregistry.command.casefile;

import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.casefile.BenefitChanged;
import de.pilotregistry.shared.casefile.BenefitReceiptExited;
import de.pilotregistry.shared.casefile.BenefitReceiptReentered;
import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactReceipt.Outcome;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobEnded;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.codes.BenefitChangeReason;
import de.pilotregistry.shared.codes.ExitReason;
import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.codes.JobEndReason;
import de.pilotregistry.shared.ids.Pseudonym;

/**
 * Decides what a delivered fact becomes, given the facts the case already holds. The one rule of every
 * case fact, single or in a file (both are decided by {@link FactImport}):
 * <ul>
 * <li>same source id, same content: unchanged, nothing recorded;</li>
 * <li>same source id, other content: recorded as a correction of the earlier fact;</li>
 * <li>{@code corrects} given: a restatement (or, for RETRACTION, a withdrawal) of that fact;</li>
 * <li>otherwise: a new fact.</li>
 * </ul>
 */
final class FactPolicy {

    /** Either an event to record ({@code outcome} ACCEPTED or CORRECTED), UNCHANGED, or a problem. */
    record Decision(Outcome outcome, CaseFactEvent event, String unchangedEventId, Fields.Problem problem) {

        static Decision problem(String message) {
            return new Decision(null, null, null, new Fields.Problem("corrects", message));
        }

        boolean rejected() {
            return problem != null;
        }
    }

    private FactPolicy() {
    }

    static Decision decide(CaseFacts facts, Pseudonym person, CaseFact fact) {
        CaseFacts.Known target = null;
        if (fact.corrects() != null) {
            target = facts.resolve(fact.corrects());
            if (target == null) {
                return Decision.problem("names no fact of person '" + Fields.shown(person.value()) + "'");
            }
        }
        CaseFactEvent event = toEvent(person, fact, target == null ? null : target.eventId());
        CaseFacts.Known earlier = fact.sourceId() == null ? null : facts.latestFromSource(fact.sourceId());
        if (earlier != null && earlier.fingerprint().equals(Fingerprint.of(event))) {
            return new Decision(Outcome.UNCHANGED, null, earlier.eventId(), null);
        }
        if (target == null && earlier != null && !earlier.withdrawn() && fact.type() != FactType.RETRACTION) {
            return new Decision(Outcome.CORRECTED, toEvent(person, fact, earlier.eventId()), null, null);
        }
        if (target == null) {
            return new Decision(Outcome.ACCEPTED, event, null, null);
        }
        if (target.type() == FactType.RETRACTION) {
            return Decision.problem("names a retraction, which cannot be corrected; record the fact again instead");
        }
        if (target.withdrawn()) {
            return Decision.problem("names fact " + target.eventId() + ", which is already withdrawn or corrected");
        }
        return new Decision(Outcome.CORRECTED, event, null, null);
    }

    static CaseFactEvent toEvent(Pseudonym person, CaseFact fact, String corrects) {
        return switch (fact.type()) {
            case CONTACT -> new ContactRecorded(person, fact.effectiveDate(), fact.channel(), fact.outcome(),
                    fact.sourceId(), corrects);
            case JOB_START -> new JobStarted(person, fact.effectiveDate(), fact.employmentType(), fact.weeklyHours(),
                    fact.monthlyWage(), fact.sourceId(), corrects);
            case JOB_END -> new JobEnded(person, fact.effectiveDate(),
                    fact.reason() == null ? null : JobEndReason.valueOf(fact.reason()), fact.sourceId(), corrects);
            case BENEFIT_CHANGE -> new BenefitChanged(person, fact.effectiveDate(), fact.monthlyClaim(),
                    fact.reason() == null ? null : BenefitChangeReason.valueOf(fact.reason()), fact.sourceId(),
                    corrects);
            case EXIT -> new BenefitReceiptExited(person, fact.effectiveDate(),
                    fact.reason() == null ? null : ExitReason.valueOf(fact.reason()), fact.sourceId(), corrects);
            case REENTRY -> new BenefitReceiptReentered(person, fact.effectiveDate(), fact.monthlyClaim(),
                    fact.sourceId(), corrects);
            case RETRACTION -> new FactRetracted(person, corrects, fact.reason(), fact.sourceId());
        };
    }
}
