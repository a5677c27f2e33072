package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.FactType;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A fact as delivered (one CSV row or one JSON body), before it becomes an event. Which fields are used
 * depends on {@code type}; {@code reason} is the code of the type's reason list; {@code corrects} names an
 * earlier fact by event id or source id.
 */
public record CaseFact(FactType type, LocalDate effectiveDate, String sourceId, EmploymentType employmentType,
                       BigDecimal weeklyHours, BigDecimal monthlyWage, BigDecimal monthlyClaim,
                       ContactChannel channel, ContactOutcome outcome, String reason, String corrects) {
}
