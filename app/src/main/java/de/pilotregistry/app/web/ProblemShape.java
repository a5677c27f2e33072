package de.pilotregistry.app.web;

import de.pilotregistry.platform.ProblemLimits;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.net.URI;
import java.util.List;

/**
 * Every problem answer of every controller advice (command, query, app) leaves in one shape: UTF-8
 * {@code application/problem+json}, at most {@value ProblemLimits#MAX_PROBLEMS} listed problems, and an
 * {@code instance} (the request path Spring fills in) cut short, since the path is input too.
 */
@RestControllerAdvice
class ProblemShape implements ResponseBodyAdvice<Object> {

    private static final int MAX_INSTANCE_LENGTH = 60;

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            shape(problem);
            response.getHeaders().setContentType(Problems.MEDIA_TYPE);
        }
        return body;
    }

    static void shape(ProblemDetail problem) {
        if (problem.getProperties() != null && problem.getProperties().get("errors") instanceof List<?> errors
                && errors.size() > ProblemLimits.MAX_PROBLEMS) {
            problem.setProperty("errors", List.copyOf(errors.subList(0, ProblemLimits.MAX_PROBLEMS)));
        }
        URI instance = problem.getInstance();
        if (instance != null && instance.getRawPath() != null && instance.toString().length() > MAX_INSTANCE_LENGTH) {
            problem.setInstance(URI.create(cut(instance.getRawPath())));
        }
    }

    /** The path cut short without cutting a %XX escape in two, marked as cut ("..." keeps it a valid URI). */
    private static String cut(String path) {
        String cut = path.substring(0, Math.min(path.length(), MAX_INSTANCE_LENGTH));
        int escape = cut.lastIndexOf('%');
        if (escape >= 0 && escape > cut.length() - 3) {
            cut = cut.substring(0, escape);
        }
        return cut + "...";
    }
}
