package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.privacy.SealedField;
import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A person of the pilot's population, as true on the pilot start ({@code effectiveDate}). Recorded again
 * when a later import changes a value; the latest record before the draw is the one drawn on.
 * {@code ageClass} and {@code eligible} are derived on the pilot start and kept so that the draw can be
 * re-checked from events alone.
 *
 * <p>{@code customerNumber} (revision 2, optional) is personal data and is stored only sealed under the person's
 * subject key: {@code v1:<base64url IV>:<base64url AES-256-GCM ciphertext and tag>}, associated data
 * {@code person:<pseudonym> NUL customerNumber} (docs/data-protection.md). Once the person is erased it no longer
 * opens. Revision 1 events have none ({@code null}).
 */
@Revision("2")
public record PopulationMemberRecorded(PilotId pilotId, Pseudonym person, Sex sex, YearMonth birthMonth,
                                       AgeClass ageClass, ApplicantType applicantType, int monthsInReceiptOfLast24,
                                       boolean marginalEmployment, BigDecimal monthlyClaim, String household,
                                       boolean eligible, LocalDate effectiveDate, @SealedField String customerNumber) {

    /** The field name a customer number is sealed under (part of its associated data). */
    public static final String CUSTOMER_NUMBER = "customerNumber";

    /** A record without a customer number. */
    public PopulationMemberRecorded(PilotId pilotId, Pseudonym person, Sex sex, YearMonth birthMonth,
                                    AgeClass ageClass, ApplicantType applicantType, int monthsInReceiptOfLast24,
                                    boolean marginalEmployment, BigDecimal monthlyClaim, String household,
                                    boolean eligible, LocalDate effectiveDate) {
        this(pilotId, person, sex, birthMonth, ageClass, applicantType, monthsInReceiptOfLast24, marginalEmployment,
                monthlyClaim, household, eligible, effectiveDate, null);
    }

    /** The same record with another (sealed) customer number. */
    public PopulationMemberRecorded withCustomerNumber(String sealed) {
        return new PopulationMemberRecorded(pilotId, person, sex, birthMonth, ageClass, applicantType,
                monthsInReceiptOfLast24, marginalEmployment, monthlyClaim, household, eligible, effectiveDate, sealed);
    }

    /**
     * The event stream (aggregate id) population records of a pilot are appended to; earlier registries appended them
     * to the pilot's own stream, so readers take them from both.
     */
    public static String streamOf(PilotId pilot) {
        return "population@" + pilot.value(); // '@' is in no pseudonym, so no case file has this id
    }
}
