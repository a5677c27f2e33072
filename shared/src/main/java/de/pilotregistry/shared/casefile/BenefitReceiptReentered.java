package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.FactType;

import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.math.BigDecimal;

import java.time.LocalDate;

/** The person receives benefits again after an exit, with the new monthly claim where known. */
@Revision("1")
public record BenefitReceiptReentered(Pseudonym person, LocalDate effectiveDate, BigDecimal monthlyClaim, String sourceId,
                                      String corrects)
        implements CaseFactEvent {

    @Override
    public FactType type() {
        return FactType.REENTRY;
    }
}
