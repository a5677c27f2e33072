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
 * And who may correct or retract (explicitly with {@code corrects}, or by a changed repeat of a source id): a data
 * steward any fact; a caseworker only facts caseworkers recorded (the caller has made sure the person is theirs).
 * Facts of data stewards and source systems carry what the jobcenter's systems hold; a caseworker who finds one wrong
 * asks the data steward, who corrects it at the source and delivers the correction.
 */
final class FactPolicy {

    /**
     * Either an event to record ({@code outcome} ACCEPTED or CORRECTED), UNCHANGED, or a problem; {@code forbidden}
     * when the problem is the caller's right, not the fact.
     */
    record Decision(Outcome outcome, CaseFactEvent event, String fingerprint, String unchangedEventId,
                    Fields.Problem problem, boolean forbidden) {

        static Decision recorded(Outcome outcome, CaseFactEvent event, String fingerprint) {
            return new Decision(outcome, event, fingerprint, null, null, false);
        }

        static Decision unchanged(String eventId) {
            return new Decision(Outcome.UNCHANGED, null, null, eventId, null, false);
        }

        static Decision problem(String message) {
            return new Decision(null, null, null, null, new Fields.Problem("corrects", message), false);
        }

        static Decision forbidden(String field, String message) {
            return new Decision(null, null, null, null, new Fields.Problem(field, message), true);
        }

        boolean rejected() {
            return problem != null;
        }
    }

    private FactPolicy() {
    }

    static final String STEWARDS_ONLY = "names a fact delivered by a data steward or a source system, which only a"
            + " DATA_STEWARD may correct or retract";

    /**
     * The event is decided with its personal values opened (the caller seals them before it appends); {@code key} is
     * the person's data key, which the fingerprint of a fact with personal values is keyed with.
     */
    static Decision decide(CaseFacts facts, Pseudonym person, CaseFact fact, RecordedAs by, byte[] key) {
        CaseFacts.Known target = null;
        if (fact.corrects() != null) {
            target = facts.resolve(fact.corrects());
            if (target == null) {
                return Decision.problem("names no fact of person '" + Fields.shown(person.value()) + "'");
            }
        }
        CaseFactEvent event = toEvent(person, fact, target == null ? null : target.eventId());
        CaseFacts.Known earlier = fact.sourceId() == null ? null : facts.latestFromSource(fact.sourceId());
        if (earlier != null && Fingerprint.matches(earlier.fingerprint(), event, key)) {
            return Decision.unchanged(earlier.eventId());
        }
        String fingerprint = Fingerprint.of(event, key);
        if (target == null && earlier != null && !earlier.withdrawn() && fact.type() != FactType.RETRACTION) {
            if (!mayCorrect(by, earlier)) {
                return Decision.forbidden("source_id", STEWARDS_ONLY);
            }
            return Decision.recorded(Outcome.CORRECTED, toEvent(person, fact, earlier.eventId()), fingerprint);
        }
        if (target == null) {
            return Decision.recorded(Outcome.ACCEPTED, event, fingerprint);
        }
        if (target.type() == FactType.RETRACTION) {
            return Decision.problem("names a retraction, which cannot be corrected; record the fact again instead");
        }
        if (!mayCorrect(by, target)) {
            return Decision.forbidden("corrects", STEWARDS_ONLY);
        }
        if (target.withdrawn()) {
            return Decision.problem("names fact " + target.eventId() + ", which is already withdrawn or corrected");
        }
        return Decision.recorded(Outcome.CORRECTED, event, fingerprint);
    }

    private static boolean mayCorrect(RecordedAs by, CaseFacts.Known fact) {
        return by == RecordedAs.DATA_STEWARD || fact.byCaseworker();
    }

    /** The fact as an event, its personal values (wage, retraction reason) still plain text. */
    static CaseFactEvent toEvent(Pseudonym person, CaseFact fact, String corrects) {
        return switch (fact.type()) {
            case CONTACT -> new ContactRecorded(person, fact.effectiveDate(), fact.channel(), fact.outcome(),
                    fact.sourceId(), corrects);
            case JOB_START -> new JobStarted(person, fact.effectiveDate(), fact.employmentType(), fact.weeklyHours(),
                    fact.monthlyWage() == null ? null : fact.monthlyWage().toPlainString(), fact.sourceId(), corrects);
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
