package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.codes.ExitReason;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** The person left benefit receipt (a re-entry within 7 days makes it a break, not an exit). */
@Revision("1")
public record BenefitReceiptExited(Pseudonym person, LocalDate effectiveDate, ExitReason reason, String sourceId, String corrects)
        implements CaseFactEvent {

    @Override
    public FactType type() {
        return FactType.EXIT;
    }
}
