package de.pilotregistry.query.support;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps bad query parameters to RFC 9457 problem details. */
@RestControllerAdvice
class QueryProblemHandler {

    @ExceptionHandler(BadQuery.class)
    ProblemDetail badQuery(BadQuery e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid query");
        problem.setProperty("errors", e.problems());
        return problem;
    }
}
