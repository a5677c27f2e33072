package de.pilotregistry.platform;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one transaction-scoped PostgreSQL advisory lock every append to the event store takes (see the
 * event store configuration in {@code app}). Global indexes then become visible in the order they are handed
 * out, and a bulk import that takes it before reading can decide and append without a concurrent writer.
 */
public final class AppendLock {

    public static final long KEY = 7_460_209_041L;

    private AppendLock() {
    }

    /** Waits for the lock; it is released when the current transaction ends. */
    public static void acquire(JdbcTemplate jdbc) {
        jdbc.execute("select pg_advisory_xact_lock(" + KEY + ")");
    }
}
