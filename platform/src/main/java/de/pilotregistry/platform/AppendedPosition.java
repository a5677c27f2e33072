package de.pilotregistry.platform;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.OptionalLong;

/**
 * The global position of the last event a request appended, so the answer can name it ({@code Registry-Position})
 * and the client can read its own writes ({@code minPosition}). Set by the append path, under the append lock, on
 * the request's own thread; the answer is only sent after the commit.
 */
public final class AppendedPosition {

    public static final String HEADER = "Registry-Position";
    private static final String ATTRIBUTE = AppendedPosition.class.getName();

    private AppendedPosition() {
    }

    private static final java.util.concurrent.atomic.AtomicLong LAST_IN_THIS_PROCESS =
            new java.util.concurrent.atomic.AtomicLong(-1);

    /** The position of the last event appended by this process (its commit may still be under way). */
    public static long lastInThisProcess() {
        return LAST_IN_THIS_PROCESS.get();
    }

    public static void record(long position) {
        LAST_IN_THIS_PROCESS.accumulateAndGet(position, Math::max);
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            Object earlier = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
            long last = earlier instanceof Long value ? Math.max(value, position) : position;
            request.setAttribute(ATTRIBUTE, last, RequestAttributes.SCOPE_REQUEST);
        }
    }

    public static OptionalLong ofThisRequest() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object value = request == null ? null : request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return value instanceof Long position ? OptionalLong.of(position) : OptionalLong.empty();
    }
}
