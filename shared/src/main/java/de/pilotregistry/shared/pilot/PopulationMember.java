package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.Pseudonym;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One row of a population import: a person as the case-management system knew them on the pilot start.
 * {@code customerNumber} is plaintext here (in memory only); the event holds it sealed.
 */
public record PopulationMember(Pseudonym person, Sex sex, YearMonth birthMonth, ApplicantType applicantType,
                               int monthsInReceiptOfLast24, boolean marginalEmployment, BigDecimal monthlyClaim,
                               String household, String customerNumber) {

    /** A row without a customer number. */
    public PopulationMember(Pseudonym person, Sex sex, YearMonth birthMonth, ApplicantType applicantType,
                            int monthsInReceiptOfLast24, boolean marginalEmployment, BigDecimal monthlyClaim,
                            String household) {
        this(person, sex, birthMonth, applicantType, monthsInReceiptOfLast24, marginalEmployment, monthlyClaim,
                household, null);
    }
}
