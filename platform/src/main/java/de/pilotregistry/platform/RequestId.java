package de.pilotregistry.platform;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of the HTTP request being served: the client's {@code X-Request-Id} when it is a sane token, else a new
 * UUID. Answered in the same header and kept on every event the request appends (metadata {@code requestId}), so an
 * auditor can tie an event to the request that caused it and a client to its own log.
 */
public final class RequestId {

    public static final String HEADER = "X-Request-Id";
    /** Letters, digits and {@code . _ : -}, at most 128: fits a UUID or a trace id, never a log or header injection. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String ATTRIBUTE = RequestId.class.getName();

    private RequestId() {
    }

    /** The id to use for a request that came with {@code sent} (null when it sent none). */
    public static String accept(String sent) {
        return sent != null && SANE.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    }

    public static String attributeName() {
        return ATTRIBUTE;
    }

    public static Optional<String> ofThisRequest() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object id = request == null ? null : request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return id instanceof String value ? Optional.of(value) : Optional.empty();
    }
}
