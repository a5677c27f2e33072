package de.pilotregistry.shared.codes;

/** Whether a planned contact happened. */
public enum ContactOutcome {
    ATTENDED, MISSED, CANCELLED
}
