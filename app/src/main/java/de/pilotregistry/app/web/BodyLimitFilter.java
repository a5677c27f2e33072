package de.pilotregistry.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies have a size limit: CSV files {@code registry.limits.csv-body} (64 MB), everything else
 * {@code registry.limits.json-body} (1 MB). A declared Content-Length beyond it is refused before a byte is read;
 * a body without one (chunked) is counted while it is read and refused the moment it passes the limit. Either way
 * the answer is 413 and nothing is stored. Runs after Spring Security (a caller it refuses is never read from) and
 * before the idempotency filter (which reads the body whole).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 20)
class BodyLimitFilter extends OncePerRequestFilter {

    private static final MediaType CSV = MediaType.valueOf("text/csv");

    private final long csvLimit;
    private final long jsonLimit;

    BodyLimitFilter(@Value("${registry.limits.csv-body:64MB}") DataSize csvLimit,
                    @Value("${registry.limits.json-body:1MB}") DataSize jsonLimit) {
        this.csvLimit = csvLimit.toBytes();
        this.jsonLimit = jsonLimit.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean csv = isCsv(request.getContentType());
        long limit = csv ? csvLimit : jsonLimit;
        String kind = csv ? "a CSV file" : "this request";
        if (request.getContentLengthLong() > limit) {
            answer(response, new BodyTooLarge(limit, kind));
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, limit, kind);
        try {
            chain.doFilter(limited, response);
        } catch (IOException | ServletException | RuntimeException e) {
            // read past the limit where nothing answered for it (the idempotency filter, a CSV reader)
            if (limited.exceeded == null || response.isCommitted()) {
                throw e;
            }
            answer(response, limited.exceeded);
            return;
        }
        if (limited.exceeded != null && !response.isCommitted()) {
            answer(response, limited.exceeded); // whatever else was made of the cut body, it is a 413
        }
    }

    private static void answer(HttpServletResponse response, BodyTooLarge tooLarge) throws IOException {
        Problems.write(response, tooLarge.problem(), null);
        response.flushBuffer(); // on the wire before the container drops the connection with the body unread
    }

    private static boolean isCsv(String contentType) {
        try {
            return contentType != null && CSV.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (RuntimeException invalid) {
            return false; // refused with 415 later; the smaller limit holds until then
        }
    }

    /** The body passed its limit; answered 413. */
    static final class BodyTooLarge extends IOException {

        private final long limit;
        private final String kind;

        BodyTooLarge(long limit, String kind) {
            super("The request body is larger than " + limit + " bytes.");
            this.limit = limit;
            this.kind = kind;
        }

        ProblemDetail problem() {
            DataSize size = DataSize.ofBytes(limit);
            String shown = limit % DataSize.ofMegabytes(1).toBytes() == 0 ? size.toMegabytes() + " MB"
                    : size.toKilobytes() + " KB";
            return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", "The body is larger than "
                    + shown + ", the limit for " + kind + "; nothing was stored.");
        }

        static BodyTooLarge in(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BodyTooLarge tooLarge) {
                    return tooLarge;
                }
            }
            return null;
        }
    }

    /** The request whose body stream counts what is read and fails past the limit. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private final String kind;
        private ServletInputStream stream;
        private volatile BodyTooLarge exceeded;

        LimitedRequest(HttpServletRequest request, long limit, String kind) {
            super(request);
            this.limit = limit;
            this.kind = kind;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        private final class Counting extends ServletInputStream {

            private final ServletInputStream body;
            private long read;

            Counting(ServletInputStream body) {
                this.body = body;
            }

            @Override
            public int read() throws IOException {
                int b = body.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = body.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) throws BodyTooLarge {
                read += n;
                if (read > limit) {
                    exceeded = new BodyTooLarge(limit, kind);
                    throw exceeded;
                }
            }

            @Override
            public boolean isFinished() {
                return body.isFinished();
            }

            @Override
            public boolean isReady() {
                return body.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                body.setReadListener(listener);
            }
        }
    }
}
