package de.pilotregistry.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one shape of every error answer: problem details (RFC 9457) as {@code application/problem+json} in UTF-8.
 * Controllers answer with {@link ProblemDetail}s (shaped on their way out by {@link ProblemShape}); filters, Spring
 * Security, the error page and the container ({@link ContainerProblems}), which run outside Spring MVC's message
 * conversion, write them here.
 */
public final class Problems {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json", StandardCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    public static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        write(response, of(status, title, detail), null);
    }

    /** Replaces whatever the response holds so far (it must not be committed yet). */
    public static void write(HttpServletResponse response, ProblemDetail problem, String retryAfter)
            throws IOException {
        byte[] json = json(problem);
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfter);
        }
        response.setContentType(MEDIA_TYPE.toString());
        response.getOutputStream().write(json);
    }

    /** The problem as JSON, in the shape {@link ProblemShape} gives every answer. */
    static byte[] json(ProblemDetail problem) throws IOException {
        ProblemShape.shape(problem);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString()); // RFC 9457 default
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        URI instance = problem.getInstance();
        if (instance != null) {
            body.put("instance", instance.toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return JSON.writeValueAsBytes(body);
    }
}
