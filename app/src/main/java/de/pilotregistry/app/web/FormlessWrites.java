package de.pilotregistry.app.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.List;
import java.util.Set;

/**
 * A form on any web page can post plain text, url-encoded or multipart bodies without asking first (no CORS
 * preflight), and the browser adds the Basic credentials it keeps. Writes that take a body declare their one media
 * type ({@code consumes}: text/csv or application/json) and Spring refuses any other with 415; this refuses those
 * three form types also on writes that take no body (draw, replay).
 */
@Component
class FormlessWrites implements HandlerInterceptor {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<MediaType> FORM_TYPES = List.of(MediaType.TEXT_PLAIN,
            MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA);

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotSupportedException {
        if (!WRITES.contains(request.getMethod()) || request.getContentType() == null
                || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
        if (mapping != null && mapping.consumes().length > 0) {
            return true; // Spring has matched the declared type already
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(request.getContentType());
        } catch (RuntimeException unreadable) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        for (MediaType form : FORM_TYPES) {
            if (form.equalsTypeAndSubtype(type)) {
                throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON),
                        HttpMethod.valueOf(request.getMethod()));
            }
        }
        return true;
    }
}
