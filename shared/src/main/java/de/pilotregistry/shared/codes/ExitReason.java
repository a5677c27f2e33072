package de.pilotregistry.shared.codes;

/** Why benefit receipt ended (code list in the README, "Fact types"). */
public enum ExitReason {
    EMPLOYMENT, TRAINING, MEASURE, UNABLE_TO_WORK, HOUSEHOLD_INCOME, PRIORITY_BENEFIT, MOVED_AWAY, PENSION_AGE, DEATH, OTHER
}
