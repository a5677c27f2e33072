package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A person of the pilot's population, as true on the pilot start ({@code effectiveDate}). Recorded again
 * when a later import changes a value; the latest record before the draw is the one drawn on.
 * {@code ageClass} and {@code eligible} are derived on the pilot start and kept so that the draw can be
 * re-checked from events alone.
 */
@Revision("1")
public record PopulationMemberRecorded(PilotId pilotId, Pseudonym person, Sex sex, YearMonth birthMonth,
                                       AgeClass ageClass, ApplicantType applicantType, int monthsInReceiptOfLast24,
                                       boolean marginalEmployment, BigDecimal monthlyClaim, String household,
                                       boolean eligible, LocalDate effectiveDate) {

    /**
     * The event stream (aggregate id) population records of a pilot are appended to; earlier registries appended them
     * to the pilot's own stream, so readers take them from both.
     */
    public static String streamOf(PilotId pilot) {
        return "population@" + pilot.value(); // '@' is in no pseudonym, so no case file has this id
    }
}
