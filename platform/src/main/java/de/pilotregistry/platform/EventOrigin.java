package de.pilotregistry.platform;

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
}
