package de.pilotregistry.shared.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A person pseudonym; serialized as a plain string so events stay flat JSON for every consumer. */
public record Pseudonym(@JsonValue String value) {

    public Pseudonym {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("person pseudonym must not be blank");
        }
    }

    @JsonCreator
    public static Pseudonym of(String value) {
        return new Pseudonym(value);
    }

    /** Axon uses toString() of a target aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
