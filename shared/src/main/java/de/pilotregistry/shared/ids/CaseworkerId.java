package de.pilotregistry.shared.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A caseworker id; serialized as a plain string so events stay flat JSON for every consumer. */
public record CaseworkerId(@JsonValue String value) {

    public CaseworkerId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("caseworker id must not be blank");
        }
    }

    @JsonCreator
    public static CaseworkerId of(String value) {
        return new CaseworkerId(value);
    }

    /** Axon uses toString() of a target aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
