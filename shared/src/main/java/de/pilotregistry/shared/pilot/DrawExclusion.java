package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;

/**
 * An eligible person left out of a draw because they are already in the participant or comparison group of
 * {@code pilotId}, a pilot whose period overlaps the drawn one's.
 */
public record DrawExclusion(Pseudonym person, PilotId pilotId) {
}
