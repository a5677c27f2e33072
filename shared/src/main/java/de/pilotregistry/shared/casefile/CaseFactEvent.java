package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.ids.Pseudonym;

/**
 * A fact of a person's case. {@code sourceId} is the delivering system's id (null when typed in);
 * {@code corrects} is the event id of an earlier fact this one restates or retracts (null otherwise).
 */
public sealed interface CaseFactEvent
        permits ContactRecorded, JobStarted, JobEnded, BenefitChanged, BenefitReceiptExited,
        BenefitReceiptReentered, FactRetracted {

    Pseudonym person();

    String sourceId();

    String corrects();

    FactType type();
}
