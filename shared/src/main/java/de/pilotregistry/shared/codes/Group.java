package de.pilotregistry.shared.codes;

/** Which group the draw put a person of the population in. */
public enum Group {
    PARTICIPANT, COMPARISON, UNSELECTED
}
