package de.pilotregistry.shared.codes;

/** Why a participant's assignment to a caseworker ended. */
public enum AssignmentEndReason {
    /** The participant moves to another caseworker of the pilot (a reassignment). */
    CASEWORKER_CHANGE,
    /** The caseworker left the pilot or the jobcenter. */
    CASEWORKER_LEFT,
    /** The participant left the pilot (exit from benefit receipt, move, ...). */
    PARTICIPANT_EXITED,
    OTHER
}
