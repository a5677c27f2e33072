package de.pilotregistry.shared.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A pilot id; serialized as a plain string so events stay flat JSON for every consumer. */
public record PilotId(@JsonValue String value) {

    public PilotId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("pilot id must not be blank");
        }
    }

    @JsonCreator
    public static PilotId of(String value) {
        return new PilotId(value);
    }

    /** Axon uses toString() of a target aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
