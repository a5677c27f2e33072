package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.Pseudonym;

import java.math.BigDecimal;
import java.time.YearMonth;

/** One row of a population import: a person as the case-management system knew them on the pilot start. */
public record PopulationMember(Pseudonym person, Sex sex, YearMonth birthMonth, ApplicantType applicantType,
                               int monthsInReceiptOfLast24, boolean marginalEmployment, BigDecimal monthlyClaim,
                               String household) {
}
