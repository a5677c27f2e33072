package de.pilotregistry.app.web;

import de.pilotregistry.platform.Excerpt;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Problems with the request itself rather than with its content: Spring MVC's own refusals (404, 405, 406, 415,
 * parameters of the wrong type) in the registry's wording, without echoing what was sent; bodies that are no JSON
 * (422 with line and column) or too large (413); query parameters no endpoint takes (400).
 */
@RestControllerAdvice
class RequestProblemHandler extends ResponseEntityExceptionHandler {

    /** A problem with one query parameter, in the shape of the read side's ({@code field}, {@code message}). */
    record ParameterProblem(String field, String message) {
    }

    @ExceptionHandler(BodyLimitFilter.BodyTooLarge.class)
    ProblemDetail tooLarge(BodyLimitFilter.BodyTooLarge e) {
        return e.problem();
    }

    @ExceptionHandler(KnownParameters.UnknownParameters.class)
    ProblemDetail unknownParameters(KnownParameters.UnknownParameters e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Unknown query parameters", e.getMessage());
        problem.setProperty("errors", e.names().stream().map(name -> new ParameterProblem(Excerpt.of(name),
                "is not a parameter here" + e.expected())).toList());
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        BodyLimitFilter.BodyTooLarge tooLarge = BodyLimitFilter.BodyTooLarge.in(ex);
        ProblemDetail problem = tooLarge != null ? tooLarge.problem() : JsonBodies.problem(ex);
        return handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : String.valueOf(ex.getPropertyName());
        String type = ex.getRequiredType() == null ? "" : ex.getRequiredType().getSimpleName();
        String expected = switch (type) {
            case "int", "Integer", "long", "Long" -> "a whole number";
            case "boolean", "Boolean" -> "true or false";
            case "" -> "a valid value";
            default -> "a " + type;
        };
        String message = "'" + Excerpt.of(String.valueOf(ex.getValue())) + "' is not " + expected;
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid query",
                "The query has invalid parameters.");
        problem.setProperty("errors", List.of(new ParameterProblem(name, message)));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Spring's own details name what was sent (the path, the Content-Type); these name what is taken instead. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        String detail = detail(ex);
        if (detail != null && body == null && ex instanceof ErrorResponse error) {
            body = error.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (detail != null && body instanceof ProblemDetail problem) {
            problem.setDetail(detail);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static String detail(Exception ex) {
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            return "Nothing is here; the API is described in the README.";
        }
        if (ex instanceof HttpRequestMethodNotSupportedException method) {
            return method.getSupportedMethods() == null ? "This path takes no request of this method."
                    : "This path takes " + String.join(", ", method.getSupportedMethods()) + ".";
        }
        if (ex instanceof HttpMediaTypeNotSupportedException type) {
            return "This request takes a body of type " + types(type.getSupportedMediaTypes())
                    + "; no plain text or form, so no page on another site can send it.";
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException type) {
            return "This path answers in " + types(type.getSupportedMediaTypes()) + " only.";
        }
        return null;
    }

    private static String types(List<MediaType> types) {
        return types.isEmpty() ? "none" : types.stream().map(MediaType::toString).collect(Collectors.joining(" or "));
    }
}
