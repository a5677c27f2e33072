package de.pilotregistry.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.pilotregistry.platform.ProblemLimits;

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

        /** A problem of a whole file (its encoding, its separator). */
        public static Problem file(String message) {
            return new Problem(null, null, null, message);
        }
    }

    private final List<Problem> problems;

    /** Keeps at most {@link ProblemLimits#MAX_PROBLEMS} problems, the first ones. */
    public InvalidRequest(String summary, List<Problem> problems) {
        super(summary);
        this.problems = List.copyOf(problems.size() > ProblemLimits.MAX_PROBLEMS
                ? problems.subList(0, ProblemLimits.MAX_PROBLEMS) : problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
