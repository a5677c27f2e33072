package de.pilotregistry.shared.pilot;

/** Result of {@link RecordPopulation}: rows stored as new or changed, and rows identical to what was stored. */
public record PopulationRecorded(int accepted, int unchanged) {
}
