package de.pilotregistry.query.support;

import java.util.List;

/** Query parameters that cannot be answered, each named (answered 400 with field-level detail). */
public class BadQuery extends RuntimeException {

    public record Problem(String field, String message) {
    }

    private final List<Problem> problems;

    public BadQuery(List<Problem> problems) {
        super("The query has invalid parameters.");
        this.problems = List.copyOf(problems);
    }

    public BadQuery(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
