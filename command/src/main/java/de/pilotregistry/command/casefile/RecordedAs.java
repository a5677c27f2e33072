package de.pilotregistry.command.casefile;

/**
 * In which capacity a fact was recorded, which decides who may correct or retract it: a caseworker's fact by the
 * caseworker who now holds the participant (or a data steward), a fact of a data steward or a source system only by a
 * data steward. Kept in each fact event's metadata ({@value #METADATA}) and in the lookup {@code cmd_case_fact}.
 */
enum RecordedAs {
    CASEWORKER,
    DATA_STEWARD;

    static final String METADATA = "recordedAs";

    /** Null for anything else: a fact whose recorder is unknown counts as delivered, so only a data steward corrects it. */
    static RecordedAs parse(String value) {
        if (value == null) {
            return null;
        }
        for (RecordedAs recordedAs : values()) {
            if (recordedAs.name().equals(value)) {
                return recordedAs;
            }
        }
        return null;
    }
}
