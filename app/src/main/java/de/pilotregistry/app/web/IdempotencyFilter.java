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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
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
 * Every write under /api accepts an {@code Idempotency-Key} header. The first request with a key runs and its answer
 * is kept when it is complete and would be the same again: 2xx, and the domain's 404, 409 and 422 (unless marked
 * transient with Retry-After). A repeat of the same request with that key gets the kept answer and changes nothing.
 * A failure (5xx, an exception) or any other refusal is not kept: the key is released and a repeat runs anew. The
 * same key with another request is refused (422); a repeat while the first still runs is 409 (with Retry-After).
 * Runs after Spring Security, which refuses callers without the endpoint's role (401, 403) before any key is
 * touched, and after the body limit. A key whose request died with its process is released (see
 * {@link IdempotencyOwner}).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<Integer> KEPT_REFUSALS = Set.of(404, 409, 422);
    private static final String IN_PROGRESS_RETRY_AFTER = "2";

    private final JdbcTemplate jdbc;
    private final IdempotencyOwner owner;

    IdempotencyFilter(JdbcTemplate jdbc, IdempotencyOwner owner) {
        this.jdbc = jdbc;
        this.owner = owner;
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
        if (user == null || !user.isAuthenticated() || user instanceof AnonymousAuthenticationToken) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (key.isBlank() || key.length() > 255) {
            Problems.write(response, HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key",
                    "An Idempotency-Key has 1 to 255 characters.");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes(); // within the body limit
        String query = request.getQueryString();
        String path = request.getRequestURI() + (query == null ? "" : "?" + query);
        String hash = sha256(request.getMethod(), path, body);
        String claim = claim(user.getName(), key, request.getMethod(), path, hash, response);
        if (claim == null) {
            return; // answered: kept answer, in progress, or key reused
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), recorded);
            completed = true;
        } finally {
            owner.finished(claim);
            settle(claim, completed, recorded);
            recorded.copyBodyToResponse();
        }
    }

    /**
     * Claims the key for this run: a new key, or one whose earlier run died. Otherwise answers (the kept answer, 409
     * while the first still runs, 422 for another request under the same key) and returns null.
     */
    private String claim(String user, String key, String method, String path, String hash,
                         HttpServletResponse response) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            String claim = owner.claim();
            int inserted = jdbc.update("insert into idempotent_request (user_name, idem_key, method, path, "
                    + "request_hash, claim_id, owner_instance, heartbeat_at) values (?, ?, ?, ?, ?, ?, ?, now()) "
                    + "on conflict do nothing", user, key, method, path, hash, claim, owner.instance());
            if (inserted == 1) {
                return claim;
            }
            owner.finished(claim);
            List<Map<String, Object>> kept = jdbc.queryForList("select request_hash, status, content_type, body "
                    + "from idempotent_request where user_name = ? and idem_key = ?", user, key);
            if (kept.isEmpty()) {
                continue; // released just now: claim it anew
            }
            Map<String, Object> first = kept.get(0);
            if (!hash.equals(first.get("request_hash"))) {
                Problems.write(response, HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
                        "This Idempotency-Key was used for another request; use a new key for a new request.");
                return null;
            }
            if (first.get("status") != null) {
                replay(first, response);
                return null;
            }
            claim = owner.claim();
            int taken = jdbc.update("update idempotent_request r set claim_id = ?, owner_instance = ?, "
                    + "heartbeat_at = now(), created_at = now() where user_name = ? and idem_key = ? and status is null "
                    + "and (r.heartbeat_at is null or r.heartbeat_at < now() - ? * interval '1 second' "
                    + "or not exists (select 1 from registry_instance i where i.instance_id = r.owner_instance))",
                    claim, owner.instance(), user, key, owner.abandonedAfterSeconds());
            if (taken == 1) {
                return claim; // the first run died with its process, or ended without a word
            }
            owner.finished(claim);
            break;
        }
        Problems.write(response, Problems.of(HttpStatus.CONFLICT, "Request in progress", "The first request with "
                + "this Idempotency-Key is still running; ask again when it has finished."), IN_PROGRESS_RETRY_AFTER);
        return null;
    }

    /** Keeps a complete answer that a repeat should get again; otherwise releases the key. */
    private void settle(String claim, boolean completed, ContentCachingResponseWrapper recorded) {
        int status = recorded.getStatus();
        boolean keep = completed && (status / 100 == 2 || KEPT_REFUSALS.contains(status))
                && recorded.getHeader(HttpHeaders.RETRY_AFTER) == null;
        try {
            if (keep) {
                jdbc.update("update idempotent_request set status = ?, content_type = ?, body = ?, "
                        + "heartbeat_at = null where claim_id = ?", status, recorded.getContentType(),
                        recorded.getContentAsByteArray(), claim);
            } else {
                jdbc.update("delete from idempotent_request where claim_id = ?", claim);
            }
        } catch (RuntimeException e) {
            // the answer still goes out; without heartbeats the key is released after the abandon time
            logger.warn("Idempotency-Key not settled: " + e);
        }
    }

    private static void replay(Map<String, Object> first, HttpServletResponse response) throws IOException {
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
