package de.pilotregistry.command.web;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.NotPermitted;
import de.pilotregistry.command.RuleViolation;
import de.pilotregistry.command.UnknownEntity;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the command side's refusals to RFC 9457 problem details. */
@RestControllerAdvice
class CommandProblemHandler {

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalid(InvalidRequest e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Invalid input");
        problem.setProperty("errors", e.problems());
        return problem;
    }

    @ExceptionHandler(NotPermitted.class)
    ProblemDetail notPermitted(NotPermitted e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setTitle("Forbidden");
        problem.setProperty("errors", e.problems());
        return problem;
    }

    @ExceptionHandler(RuleViolation.class)
    ProblemDetail conflict(RuleViolation e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Refused by a rule of the registry");
        return problem;
    }

    /** Transient, unlike the other 409s: Retry-After says so (and keeps it from being kept for an Idempotency-Key). */
    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Someone else changed the same record at the same moment; nothing was stored. Send it again.");
        problem.setTitle("Concurrent change");
        return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    @ExceptionHandler(UnknownEntity.class)
    ProblemDetail unknown(UnknownEntity e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail unknownPilot(AggregateNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No pilot with id '" + Fields.shown(String.valueOf(e.getAggregateIdentifier())) + "'.");
        problem.setTitle("Not found");
        return problem;
    }
}
