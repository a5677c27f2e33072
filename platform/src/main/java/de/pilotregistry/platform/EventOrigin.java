package de.pilotregistry.platform;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Metadata keys every event carries, set by the append path from the request that caused it: the user who recorded
 * it, their role(s) (comma-separated), and the request's {@link RequestId}.
 */
public final class EventOrigin {

    public static final String RECORDED_BY = "recordedBy";
    public static final String RECORDED_BY_ROLE = "recordedByRole";
    public static final String REQUEST_ID = "requestId";

    private EventOrigin() {
    }

    /** The roles among a user's authorities ({@code ROLE_X}), as recorded: sorted, comma-separated, without prefix. */
    public static String roles(Collection<String> authorities) {
        return authorities.stream().filter(authority -> authority.startsWith("ROLE_"))
                .map(role -> role.substring("ROLE_".length())).sorted().collect(Collectors.joining(","));
    }
}
