package de.pilotregistry.command.population;

import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;

import java.util.List;

/** What the draw reads of a population: every eligible person with what can stratify them, by their latest record. */
public interface EligiblePersons {

    /** Only what the draw needs, so that hundreds of thousands fit in a small heap. */
    record Eligible(Pseudonym person, Sex sex, AgeClass ageClass, ApplicantType applicantType) {
    }

    /**
     * The eligible persons of a pilot; implementations make sure that no population change can commit between this
     * read and the draw's own commit.
     */
    List<Eligible> eligibleForDraw(PilotId pilot);
}
