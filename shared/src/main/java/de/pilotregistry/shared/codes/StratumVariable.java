package de.pilotregistry.shared.codes;

/** Person attributes a draw can be stratified on. */
public enum StratumVariable {
    SEX, AGE_CLASS, APPLICANT_TYPE
}
