package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.privacy.SealedField;
import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The person started a job (wage in EUR per month, gross).
 *
 * <p>{@code monthlyWage} is the exact wage, personal data: from revision 2 on it is stored only sealed under the
 * person's subject key ({@code person:<pseudonym>}, field {@value #MONTHLY_WAGE}; docs/data-protection.md), the sealed
 * form of the amount's plain decimal text ({@code 2345.67}). Revision 1 events hold the amount as a JSON number, which
 * reads as its decimal text (events are never rewritten); {@code SealedValues.isSealed} tells the two apart.
 */
@Revision("2")
public record JobStarted(Pseudonym person, LocalDate effectiveDate, EmploymentType employmentType,
                         BigDecimal weeklyHours, @SealedField String monthlyWage, String sourceId, String corrects)
        implements CaseFactEvent {

    /** The field name a wage is sealed under. */
    public static final String MONTHLY_WAGE = "monthlyWage";

    @Override
    public FactType type() {
        return FactType.JOB_START;
    }

    /** The same fact with another wage (sealed, or plain text before it is sealed). */
    public JobStarted withMonthlyWage(String wage) {
        return new JobStarted(person, effectiveDate, employmentType, weeklyHours, wage, sourceId, corrects);
    }
}
