package de.pilotregistry.query.support;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps bad query parameters, and reads the read models cannot answer yet, to RFC 9457 problem details. */
@RestControllerAdvice
class QueryProblemHandler {

    @ExceptionHandler(BadQuery.class)
    ProblemDetail badQuery(BadQuery e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid query");
        problem.setProperty("errors", e.problems());
        return problem;
    }

    @ExceptionHandler(ReadNotReady.class)
    ResponseEntity<ProblemDetail> notReady(ReadNotReady e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Read models not there yet");
        problem.setProperty("requested", e.requested());
        problem.setProperty("reachedPosition", e.reached().position());
        problem.setProperty("horizon", e.reached().horizon().toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .header(ReadConsistency.POSITION, Long.toString(e.reached().position())).body(problem);
    }
}
