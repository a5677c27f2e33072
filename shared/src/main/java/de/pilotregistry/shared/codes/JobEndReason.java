package de.pilotregistry.shared.codes;

/** Why a job ended. */
public enum JobEndReason {
    EMPLOYEE_NOTICE, EMPLOYER_NOTICE, FIXED_TERM_END, MUTUAL_AGREEMENT, PROBATION_FAILED, OTHER
}
