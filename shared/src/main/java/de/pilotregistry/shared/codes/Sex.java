package de.pilotregistry.shared.codes;

/** Sex as in German civil status law (four entries). */
public enum Sex {
    MALE, FEMALE, DIVERSE, UNSPECIFIED
}
