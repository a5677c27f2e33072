package de.pilotregistry.app.web;

import de.pilotregistry.platform.Excerpt;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.util.List;
import java.util.Map;

/**
 * A JSON body that could not be read, as a 422 that says where: {@code line} and {@code column} of the first
 * thing the parser could not take. Spring MVC reads with Jackson 3; Jackson 2 (Axon's) is understood as well.
 */
final class JsonBodies {

    /** Parser messages may quote the input; they are cut like any echoed value. */
    private static final int MAX_REASON_LENGTH = 60;

    private JsonBodies() {
    }

    static ProblemDetail problem(Exception unreadable) {
        Integer line = null;
        Integer column = null;
        String reason = null;
        boolean notAnObject = false;
        for (Throwable cause = unreadable; cause != null; cause = cause.getCause()) {
            if (cause instanceof tools.jackson.core.JacksonException jackson) {
                if (jackson.getLocation() != null) {
                    line = jackson.getLocation().getLineNr() > 0 ? jackson.getLocation().getLineNr() : null;
                    column = jackson.getLocation().getColumnNr() > 0 ? jackson.getLocation().getColumnNr() : null;
                }
                reason = jackson.getOriginalMessage();
                notAnObject = jackson instanceof tools.jackson.databind.DatabindException;
                break;
            }
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException jackson) {
                if (jackson.getLocation() != null) {
                    line = jackson.getLocation().getLineNr() > 0 ? jackson.getLocation().getLineNr() : null;
                    column = jackson.getLocation().getColumnNr() > 0 ? jackson.getLocation().getColumnNr() : null;
                }
                reason = jackson.getOriginalMessage();
                notAnObject = jackson instanceof com.fasterxml.jackson.databind.DatabindException;
                break;
            }
        }
        String detail;
        if (reason == null || notAnObject) {
            // no body, "null", or a list or a single value where an object {...} belongs
            detail = "The body must be a JSON object {\"field\": value, ...}.";
        } else {
            detail = "The body is not valid JSON" + (line == null ? "" : " at line " + line + ", column " + column)
                    + ": " + cut(reason);
        }
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Malformed JSON", detail);
        if (line != null) {
            problem.setProperty("line", line);
            problem.setProperty("column", column);
        }
        problem.setProperty("errors", List.of(Map.of("message", detail)));
        return problem;
    }

    private static String cut(String reason) {
        return Excerpt.of(reason.lines().findFirst().orElse(""), MAX_REASON_LENGTH);
    }
}
