package de.pilotregistry.command;

import de.pilotregistry.platform.Excerpt;

/** A request that names something the registry does not know, or must not reveal (answered 404). */
public class UnknownEntity extends RuntimeException {

    public UnknownEntity(String message) {
        super(message);
    }

    /** One wording for unknown and hidden persons alike, so an answer never reveals the comparison group. */
    public static UnknownEntity person(Object person) {
        return new UnknownEntity("No participant '" + Excerpt.of(String.valueOf(person)) + "' in this pilot.");
    }
}
