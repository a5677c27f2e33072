package de.pilotregistry.query.feed;

/** A user already holds as many feed streams as allowed (answered 429). */
public class TooManyStreams extends RuntimeException {

    private final int limit;

    TooManyStreams(String user, int limit) {
        super(user + " already holds " + limit + " open feed streams; close one, or follow GET /api/feed instead.");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
