package de.pilotregistry.query.audit.draw;

import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;

import java.util.List;

/**
 * What a pilot's own event stream says about its draw: the definition (places, strata, commitment), the population
 * as last recorded before the draw, and the draw as recorded.
 */
record RecordedDraw(PilotDefined defined, List<PopulationMemberRecorded> population, GroupsDrawn drawn) {
}
