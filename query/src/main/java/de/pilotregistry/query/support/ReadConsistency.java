package de.pilotregistry.query.support;

import de.pilotregistry.platform.Excerpt;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Reads that see the caller's writes: {@code minPosition=N} (or header {@code Registry-Min-Position}) makes a read
 * wait until every projection has processed position N (default at most 5 s, {@code wait=PT10S} up to
 * {@code registry.read.max-wait}); then it answers with {@code Registry-Position: M}, M ≥ N. Bitemporal views ask
 * here for their {@code knownAt}: a moment after the horizon waits the same way, and the answer states the knownAt
 * used and the horizon ({@code Registry-Known-At}, {@code Registry-Horizon}).
 */
@Component
public class ReadConsistency implements HandlerInterceptor {

    public static final String POSITION = "Registry-Position";
    public static final String MIN_POSITION = "Registry-Min-Position";
    public static final String KNOWN_AT = "Registry-Known-At";
    public static final String HORIZON = "Registry-Horizon";
    /** The query parameters every read under /api takes, besides its own. */
    public static final String MIN_POSITION_PARAMETER = "minPosition";
    public static final String WAIT_PARAMETER = "wait";
    public static final Set<String> PARAMETERS = Set.of(MIN_POSITION_PARAMETER, WAIT_PARAMETER);
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    private static final String WAIT_ATTRIBUTE = ReadConsistency.class.getName() + ".wait";

    /** The knownAt a view used and the horizon it was final under. */
    public record Known(Instant at, Instant horizon) {
    }

    private final ReadModelProgress progress;
    private final Duration maxWait;

    ReadConsistency(ReadModelProgress progress, @Value("${registry.read.max-wait:PT30S}") Duration maxWait) {
        this.progress = progress;
        this.maxWait = maxWait;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"GET".equals(request.getMethod()) || !request.getRequestURI().startsWith("/api/")) {
            return true;
        }
        Duration wait = waitOf(request.getParameter(WAIT_PARAMETER));
        request.setAttribute(WAIT_ATTRIBUTE, wait);
        String minText = request.getParameter(MIN_POSITION_PARAMETER);
        if (minText == null) {
            minText = request.getHeader(MIN_POSITION);
        }
        long position;
        if (minText == null || minText.isBlank()) {
            position = progress.position();
        } else {
            long min = positionOf(minText.trim());
            position = progress.awaitPosition(min, wait);
            if (position < min) {
                throw new ReadNotReady("The read models have not reached position " + min + " within " + wait
                        + "; the write is stored, only not yet visible here. Try again shortly.",
                        Long.toString(min), progress.reached());
            }
        }
        response.setHeader(POSITION, Long.toString(position));
        return true;
    }

    /**
     * The knownAt of a bitemporal view, settled: none means the horizon; a moment after the horizon (not beyond
     * the longest wait ahead) waits until the horizon passes it. The answer for it is then final.
     */
    public Known settle(Instant requested) {
        Duration wait = currentWait();
        ReadModelProgress.Reached reached = progress.reached();
        if (requested != null && requested.isAfter(reached.now().plus(maxWait))) {
            throw new BadQuery("knownAt", "'" + requested + "' lies in the future; the registry knows nothing "
                    + "recorded after now (" + reached.now() + ")");
        }
        if (requested != null && reached.horizon().isBefore(requested)) {
            reached = progress.await(r -> !r.horizon().isBefore(requested), wait);
        }
        if (requested != null && reached.horizon().isBefore(requested)) {
            throw new ReadNotReady("The read models have not reached knownAt " + requested + " within " + wait
                    + ". Try again shortly.", requested.toString(), reached);
        }
        Known known = new Known(requested == null ? reached.horizon() : requested, reached.horizon());
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof org.springframework.web.context.request.ServletRequestAttributes servlet
                && servlet.getResponse() != null) {
            servlet.getResponse().setHeader(KNOWN_AT, known.at().toString());
            servlet.getResponse().setHeader(HORIZON, known.horizon().toString());
        }
        return known;
    }

    private Duration currentWait() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object wait = attributes == null ? null : attributes.getAttribute(WAIT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return wait instanceof Duration duration ? duration : DEFAULT_WAIT;
    }

    private Duration waitOf(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_WAIT;
        }
        try {
            Duration wait = Duration.parse(text.trim());
            if (wait.isNegative() || wait.compareTo(maxWait) > 0) {
                throw new BadQuery("wait", "must lie between PT0S and " + maxWait);
            }
            return wait;
        } catch (DateTimeParseException e) {
            throw new BadQuery("wait", "'" + Excerpt.of(text) + "' is not a duration (ISO 8601, e.g. PT10S)");
        }
    }

    private static long positionOf(String text) {
        try {
            long position = Long.parseLong(text);
            if (position < 0) {
                throw new NumberFormatException();
            }
            return position;
        } catch (NumberFormatException e) {
            throw new BadQuery(List.of(new BadQuery.Problem("minPosition",
                    "'" + Excerpt.of(text) + "' is not a position (a whole number, 0 or more)")));
        }
    }
}
