package de.pilotregistry.command;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Input that cannot be accepted, with every problem found (answered 422 with field-level detail). */
public class InvalidRequest extends RuntimeException {

    /** {@code field} names a JSON field, or for files {@code line} and {@code column} locate the cell. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String field, Integer line, String column, String message) {

        public static Problem field(String field, String message) {
            return new Problem(field, null, null, message);
        }

        public static Problem cell(int line, String column, String message) {
            return new Problem(null, line, column, message);
        }
    }

    private final List<Problem> problems;

    public InvalidRequest(String summary, List<Problem> problems) {
        super(summary);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
