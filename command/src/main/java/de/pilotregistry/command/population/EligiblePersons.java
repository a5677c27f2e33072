package de.pilotregistry.command.population;

import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;

import java.util.List;

/** What the draw reads of a population: the latest record of every eligible person. */
public interface EligiblePersons {

    /**
     * The eligible persons of a pilot, each by their latest record; implementations make sure that no population
     * change can commit between this read and the draw's own commit.
     */
    List<PopulationMemberRecorded> eligibleForDraw(PilotId pilot);
}
