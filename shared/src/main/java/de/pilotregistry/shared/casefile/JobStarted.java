package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.codes.EmploymentType;

import java.math.BigDecimal;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** The person started a job (wage in EUR per month, gross). */
@Revision("1")
public record JobStarted(Pseudonym person, LocalDate effectiveDate, EmploymentType employmentType, BigDecimal weeklyHours, BigDecimal monthlyWage, String sourceId, String corrects)
        implements CaseFactEvent {

    @Override
    public FactType type() {
        return FactType.JOB_START;
    }
}
