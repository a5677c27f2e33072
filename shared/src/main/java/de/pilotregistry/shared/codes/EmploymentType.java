package de.pilotregistry.shared.codes;

/** Employment type of a job start (code list in the README, "Fact types"). */
public enum EmploymentType {
    FULL_TIME, PART_TIME, MARGINAL, SELF_EMPLOYED, APPRENTICESHIP,
    /** Publicly subsidised employment (§16i SGB II): not an integration in the first labour market. */
    SUBSIDISED;

    /** Full-time, part-time and marginal employment count as the first labour market in the Borken evaluation. */
    public boolean isFirstLabourMarket() {
        return this == FULL_TIME || this == PART_TIME || this == MARGINAL;
    }
}
