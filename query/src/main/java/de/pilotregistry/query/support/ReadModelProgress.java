package de.pilotregistry.query.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.query.QuerySideConfiguration;
import org.axonframework.eventhandling.Segment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How far the read models are: the global position every projection has processed, and the horizon, the record
 * time up to which every committed event is in the read models. Positions come from the processors' stored tokens,
 * read with plain SQL (reading a token through Axon's token store would claim it). Record times are assigned under
 * the append lock and grow with the position, so everything recorded at or before the horizon is in, and nothing
 * can still commit with a record time at or before it: an answer about such a moment is final.
 */
@Component
public class ReadModelProgress {

    /** @param position every event up to here is in every read model; @param horizon see the class comment */
    public record Reached(long position, Instant horizon, Instant now) {
    }

    static final List<String> PROJECTIONS = List.of(QuerySideConfiguration.PILOTS, QuerySideConfiguration.CASES);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LAG_SCAN = 10_000;
    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration LONGEST_POLL = Duration.ofMillis(100);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public ReadModelProgress(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setReadOnly(false);
    }

    /**
     * The lowest position every segment of every projection has processed; -1 before a projection has a token.
     * A segment stores its token only with a batch of its own events (or when its claim is extended), so a segment
     * whose token lags is taken to be at {@code head} when no event between its token and the head is sequenced to
     * it (Axon's default policy: per aggregate, by the identifier's hash under the segment's mask).
     */
    long processed(long head) {
        Map<String, Map<Integer, Long>> tokens = tokens();
        long lowest = Long.MAX_VALUE;
        for (String projection : PROJECTIONS) {
            Map<Integer, Long> segments = tokens.get(projection);
            if (segments == null || segments.isEmpty()) {
                return -1;
            }
            int[] ids = segments.keySet().stream().mapToInt(Integer::intValue).toArray();
            for (Map.Entry<Integer, Long> segment : segments.entrySet()) {
                lowest = Math.min(lowest, effectivePosition(Segment.computeSegment(segment.getKey(), ids),
                        segment.getValue(), head));
            }
        }
        return lowest;
    }

    /** The stored token position of every segment of every projection (plain SQL: no claim). */
    public Map<String, Map<Integer, Long>> tokens() {
        Map<String, Map<Integer, Long>> tokens = new HashMap<>();
        jdbc.query("select processorname, segment, token from tokenentry where processorname = any(?)", rs -> {
            tokens.computeIfAbsent(rs.getString(1), name -> new java.util.TreeMap<>())
                    .put(rs.getInt(2), positionOf(rs.getBytes(3)));
        }, (Object) PROJECTIONS.toArray(String[]::new));
        return tokens;
    }

    /** Failures that still hold a projection back (see {@link ProjectionFailures}). */
    public List<ProjectionFailures.Failure> standingFailures(ProjectionFailures failures) {
        return failures.standing(tokens());
    }

    private long effectivePosition(Segment segment, long token, long head) {
        if (token >= head || token < 0) {
            return token;
        }
        long[] result = {head};
        int[] scanned = {0};
        jdbc.query("select globalindex, aggregateidentifier from domainevententry where globalindex > ? "
                + "and globalindex <= ? order by globalindex limit " + LAG_SCAN, rs -> {
            scanned[0]++;
            if (result[0] == head && segment.matches(rs.getString(2).hashCode())) {
                result[0] = rs.getLong(1) - 1; // this segment's next event is not processed yet
            }
            if (scanned[0] == LAG_SCAN && result[0] == head) {
                result[0] = rs.getLong(1); // far behind: known processed only up to here
            }
        }, token, head);
        return result[0];
    }

    public Reached reached() {
        return transaction.execute(status -> {
            // Holding the append lock for a moment proves that no append is between taking its record time and
            // its commit; appends after this moment get later record times than the clock read below.
            Boolean idle = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, AppendLock.KEY);
            Map<String, Object> row = jdbc.queryForMap("select clock_timestamp() as now, "
                    + "(select max(globalindex) from domainevententry) as head");
            Instant now = ((Timestamp) row.get("now")).toInstant();
            Long head = (Long) row.get("head");
            long processed = processed(head == null ? 0 : head);
            if (head == null || processed >= head) {
                Instant horizon = Boolean.TRUE.equals(idle) ? now
                        : head == null ? Instant.EPOCH : recordTimeOf("globalindex = ?", head);
                return new Reached(head == null ? 0 : head, horizon, now);
            }
            Instant next = recordTimeOf("globalindex = (select min(globalindex) from domainevententry "
                    + "where globalindex > ?)", processed);
            return new Reached(Math.max(processed, 0), next.minus(1, ChronoUnit.MICROS), now);
        });
    }

    /**
     * The position every projection has processed: what a read answers with and waits for (minPosition). Cheaper
     * than {@link #reached()}: no transaction and no touch of the append lock, so plain reads cost writers nothing.
     */
    public long position() {
        long head = committedHead();
        return head == 0 ? 0 : Math.min(head, Math.max(processed(head), 0));
    }

    /**
     * The position below which no transaction can still commit (0 when the store is empty): the highest visible
     * position. Every append takes the append lock before it draws positions and holds it until its transaction
     * ends, and PostgreSQL makes a commit visible before it releases the transaction's locks; so a transaction with a
     * lower position has committed (or rolled back, leaving a gap that stays empty) before any higher position is
     * drawn. Whatever is read up to this position, in any later statement, is final: the feed reads only up to here.
     */
    public long committedHead() {
        Long head = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
        return head == null ? 0 : head;
    }

    /** Waits until the projections have processed {@code min}, at most {@code wait}; the last position seen. */
    public long awaitPosition(long min, Duration wait) {
        return poll(this::position, position -> position >= min, wait);
    }

    /** Waits until {@code enough} holds, at most {@code wait}; answers the last state seen either way. */
    public Reached await(Predicate<Reached> enough, Duration wait) {
        return poll(this::reached, enough, wait);
    }

    private static <T> T poll(Supplier<T> state, Predicate<T> enough, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        Duration pause = FIRST_POLL;
        while (true) {
            T seen = state.get();
            if (enough.test(seen) || Instant.now().plus(pause).isAfter(deadline)) {
                return seen;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return seen;
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }

    private Instant recordTimeOf(String where, long position) {
        String timestamp = jdbc.queryForObject("select timestamp from domainevententry where " + where, String.class,
                position);
        return Instant.parse(timestamp);
    }

    /** A stored token (Jackson): a gap-aware token {@code {"index":N,...}}, or a replay token wrapping one. */
    static long positionOf(byte[] token) {
        if (token == null) {
            return -1;
        }
        try {
            JsonNode node = JSON.readTree(token);
            if (node.has("currentToken")) {
                node = node.get("currentToken");
            }
            return node != null && node.has("index") ? node.get("index").asLong() : -1;
        } catch (IOException e) {
            throw new IllegalStateException("unreadable tracking token", e);
        }
    }
}
