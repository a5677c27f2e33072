package de.pilotregistry.app.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import java.io.IOException;

/**
 * The container's error page: what no controller answered for itself (an exception thrown past Spring MVC or out of
 * a filter, a {@code sendError} of Spring Security's firewall) is answered here as a problem, never as Boot's JSON or
 * HTML page. A 500 shows neither the exception nor its message; the container logs them.
 */
@Controller
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable exception = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (DatabaseUnavailableHandler.isUnavailable(exception)) {
            Problems.write(response, DatabaseUnavailableHandler.problemFor(exception),
                    DatabaseUnavailableHandler.RETRY_AFTER_SECONDS);
            return;
        }
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : HttpStatus.NOT_FOUND;
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Problems.write(response, status, status.getReasonPhrase(), detail(status));
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case INTERNAL_SERVER_ERROR -> "The registry failed to answer this request; the failure is logged with its "
                    + "time. Whether a write took effect can be seen by reading; an Idempotency-Key makes it safe to "
                    + "send again.";
            case BAD_REQUEST -> "The request is malformed (its path or headers); nothing was done.";
            case NOT_FOUND -> "Nothing is here; the API is described in the README.";
            default -> status.getReasonPhrase() + "; nothing was done.";
        };
    }
}
