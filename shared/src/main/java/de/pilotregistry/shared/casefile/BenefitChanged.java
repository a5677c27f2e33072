package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.codes.BenefitChangeReason;

import java.math.BigDecimal;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** The monthly claim (need minus countable income, before sanctions) changed to {@code monthlyClaim} EUR. */
@Revision("1")
public record BenefitChanged(Pseudonym person, LocalDate effectiveDate, BigDecimal monthlyClaim, BenefitChangeReason reason, String sourceId, String corrects)
        implements CaseFactEvent {

    @Override
    public FactType type() {
        return FactType.BENEFIT_CHANGE;
    }
}
