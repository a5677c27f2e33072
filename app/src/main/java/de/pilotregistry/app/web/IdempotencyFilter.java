package de.pilotregistry.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every write under /api accepts an {@code Idempotency-Key} header. The first request with a key runs and
 * its response is kept; a repeat of the same request with that key gets the kept response and changes
 * nothing. The same key with another request is refused (422), and so is a repeat while the first still
 * runs (409). A 5xx answer is not kept, so the client can try again with the same key.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final JdbcTemplate jdbc;

    IdempotencyFilter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !WRITES.contains(request.getMethod())
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user == null || !user.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (key.isBlank() || key.length() > 255) {
            problem(response, 400, "Invalid Idempotency-Key", "An Idempotency-Key has 1 to 255 characters.");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String hash = sha256(request.getMethod(), path, body);
        int claimed = jdbc.update("insert into idempotent_request (user_name, idem_key, method, path, request_hash) "
                + "values (?, ?, ?, ?, ?) on conflict do nothing", user.getName(), key, request.getMethod(), path, hash);
        if (claimed == 0) {
            replay(user.getName(), key, hash, response);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(new CachedBodyRequest(request, body), recorded);
        } finally {
            if (recorded.getStatus() >= 500) {
                jdbc.update("delete from idempotent_request where user_name = ? and idem_key = ?", user.getName(), key);
            } else {
                jdbc.update("update idempotent_request set status = ?, content_type = ?, body = ? "
                                + "where user_name = ? and idem_key = ?", recorded.getStatus(), recorded.getContentType(),
                        recorded.getContentAsByteArray(), user.getName(), key);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void replay(String user, String key, String hash, HttpServletResponse response) throws IOException {
        List<Map<String, Object>> kept = jdbc.queryForList("select request_hash, status, content_type, body "
                + "from idempotent_request where user_name = ? and idem_key = ?", user, key);
        if (kept.isEmpty()) {
            problem(response, 409, "Request in progress", "A request with this Idempotency-Key was just "
                    + "abandoned; send it again.");
            return;
        }
        Map<String, Object> first = kept.get(0);
        if (!hash.equals(first.get("request_hash"))) {
            problem(response, 422, "Idempotency-Key reused", "This Idempotency-Key was used for another request; "
                    + "use a new key for a new request.");
            return;
        }
        if (first.get("status") == null) {
            problem(response, 409, "Request in progress", "The first request with this Idempotency-Key is still "
                    + "running; ask again when it has finished.");
            return;
        }
        response.setStatus((Integer) first.get("status"));
        if (first.get("content_type") != null) {
            response.setContentType((String) first.get("content_type"));
        }
        response.setHeader("Idempotent-Replayed", "true");
        byte[] body = (byte[]) first.get("body");
        if (body != null) {
            response.getOutputStream().write(body);
        }
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }

    private static String sha256(String method, String path, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body read once up front (it is hashed before it is handled). */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
