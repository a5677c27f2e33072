package de.pilotregistry.command;

/** A request that breaks a rule of the domain as things stand now (answered 409 Conflict). */
public class RuleViolation extends RuntimeException {

    public RuleViolation(String message) {
        super(message);
    }
}
