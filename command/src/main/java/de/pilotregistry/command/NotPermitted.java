package de.pilotregistry.command;

import java.util.List;

/**
 * A well-formed request that the caller's role may not make for this particular record (answered 403, with the field
 * that decided it), e.g. a caseworker correcting a fact a data steward delivered. Nothing is stored.
 */
public class NotPermitted extends RuntimeException {

    private final List<InvalidRequest.Problem> problems;

    public NotPermitted(String message, List<InvalidRequest.Problem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<InvalidRequest.Problem> problems() {
        return problems;
    }
}
