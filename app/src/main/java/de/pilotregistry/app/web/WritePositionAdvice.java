package de.pilotregistry.app.web;

import de.pilotregistry.platform.AppendedPosition;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.util.Set;

/**
 * Every successful write answers with {@code Registry-Position}: the global position of the last event it
 * appended, or, when it appended nothing (a repeat, a dry run), the position of the last event stored. A read
 * with {@code minPosition} set to it sees the write.
 */
@RestControllerAdvice
class WritePositionAdvice implements ResponseBodyAdvice<Object> {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final JdbcTemplate jdbc;

    WritePositionAdvice(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (!WRITES.contains(request.getMethod().name()) || response.getHeaders().containsHeader(AppendedPosition.HEADER)
                || !(response instanceof ServletServerHttpResponse servlet) || servlet.getServletResponse().getStatus() >= 300) {
            return body;
        }
        long position = AppendedPosition.ofThisRequest().orElseGet(this::lastStored);
        response.getHeaders().set(AppendedPosition.HEADER, Long.toString(position));
        return body;
    }

    private long lastStored() {
        Long last = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
        return last == null ? 0 : last;
    }
}
