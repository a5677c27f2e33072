package de.pilotregistry.shared.codes;

/** The kinds of case facts, as named in the fact CSV's type column. */
public enum FactType {
    CONTACT, JOB_START, JOB_END, BENEFIT_CHANGE, EXIT, REENTRY, RETRACTION
}
