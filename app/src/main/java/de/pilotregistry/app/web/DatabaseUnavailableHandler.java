package de.pilotregistry.app.web;

import de.pilotregistry.platform.CommitOutcomeUnknown;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.sql.SQLTransientConnectionException;
import java.util.List;

/**
 * The database cannot be reached (outage, restart): the request fails within the pool's connection timeout
 * (a few seconds) with 503 and {@code Retry-After}, not after 30 s with a plain 500. Such a failure happens
 * before the commit, so nothing was stored; except when the connection was lost during the commit itself
 * ({@link CommitOutcomeUnknown}): then the answer says that the write may have been stored.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailableHandler {

    static final String RETRY_AFTER_SECONDS = "5";

    private static final List<Class<? extends Exception>> UNAVAILABLE = List.of(CannotCreateTransactionException.class,
            DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
            SQLTransientConnectionException.class);

    @ExceptionHandler(CommitOutcomeUnknown.class)
    ResponseEntity<ProblemDetail> inDoubt(CommitOutcomeUnknown e) {
        return unavailable(e);
    }

    static ProblemDetail inDoubtProblem() {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Outcome unknown",
                "The connection to the database was lost while this write was being committed: it may have been "
                        + "stored or not. Check (read with minPosition, or the pilot, population or person) before "
                        + "writing anew; repeating a file, or a fact with its source_id, never stores anything twice, "
                        + "and a repeat with the same Idempotency-Key answers as the first once it is settled.");
        problem.setProperty("outcome", "unknown");
        return problem;
    }

    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessResourceException.class, SQLTransientConnectionException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problemFor(e));
    }

    /** The problem of a database failure: the write in doubt, or nothing stored. */
    static ProblemDetail problemFor(Throwable failure) {
        return CommitOutcomeUnknown.isIn(failure) ? inDoubtProblem() : problem();
    }

    static ProblemDetail problem() {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                "The registry's database cannot be reached; nothing was stored. Try again shortly.");
    }

    /** The same failure outside Spring MVC (in a filter, such as the idempotency filter's own queries). */
    static boolean isUnavailable(Throwable failure) {
        if (CommitOutcomeUnknown.isIn(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            Throwable current = cause;
            if (UNAVAILABLE.stream().anyMatch(type -> type.isInstance(current))) {
                return true;
            }
        }
        return false;
    }
}
