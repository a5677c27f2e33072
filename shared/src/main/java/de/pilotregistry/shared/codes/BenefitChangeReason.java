package de.pilotregistry.shared.codes;

/** Why a monthly claim changed. A sanction is not a claim change: claims are measured before sanctions. */
public enum BenefitChangeReason {
    EARNED_INCOME, OTHER_HOUSEHOLD_INCOME, PRIORITY_BENEFIT, HOUSEHOLD_CHANGE, HOUSING_COST_CHANGE, OTHER
}
