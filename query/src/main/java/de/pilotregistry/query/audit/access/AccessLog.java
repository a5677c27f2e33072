package de.pilotregistry.query.audit.access;

import de.pilotregistry.platform.EventOrigin;
import de.pilotregistry.platform.RequestId;
import de.pilotregistry.query.support.TimeParameters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Records every read of person-level data before the answer leaves: who (user, role, request id), when, which endpoint
 * with which parameters, which pilot, how many persons and, for a single-person read, which person. Rows are
 * append-only (trigger) and hash-chained: {@code hash} = SHA-256(previous hash ‖ fields), one writer at a time.
 */
@Component
public class AccessLog {

    static final String GENESIS = "0".repeat(64);
    /** Transaction-scoped advisory lock that orders the chain across query nodes (not the event store's lock). */
    private static final long CHAIN_LOCK = 7_460_209_042L;

    /** One row of the log, as stored. */
    record Entry(long id, Instant recordedAt, String user, String role, String requestId, String endpoint,
                 String parameters, String pilotId, int persons, String person, String previousHash, String hash) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TimeParameters time;

    AccessLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, TimeParameters time) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.time = time;
    }

    /** A read of {@code persons} persons of {@code pilot} (either may be unknown: null) by the current request. */
    public void record(String pilot, int persons, String person) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        String endpoint = null;
        String parameters = null;
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            endpoint = request.getRequest().getMethod() + " " + request.getRequest().getRequestURI();
            parameters = request.getRequest().getQueryString();
        }
        Entry entry = new Entry(0, time.now().truncatedTo(ChronoUnit.MICROS), user == null ? "" : user.getName(),
                user == null ? null : EventOrigin.roles(user.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority).toList()),
                RequestId.ofThisRequest().orElse(null), endpoint == null ? "" : endpoint, parameters, pilot, persons,
                person, null, null);
        transaction.executeWithoutResult(status -> {
            jdbc.execute("select pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
            String previous = jdbc.query("select hash from audit_access order by id desc limit 1",
                    (rs, row) -> rs.getString(1)).stream().findFirst().orElse(GENESIS);
            jdbc.update("insert into audit_access (recorded_at, user_name, user_role, request_id, endpoint, parameters, "
                            + "pilot_id, persons, person, previous_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?)",
                    Timestamp.from(entry.recordedAt()), entry.user(), entry.role(), entry.requestId(),
                    entry.endpoint(), entry.parameters(), entry.pilotId(), entry.persons(), entry.person(), previous,
                    hash(previous, entry));
        });
    }

    /**
     * SHA-256 over the previous hash (32 bytes) and each field as a 4-byte big-endian length and its UTF-8 bytes
     * (length -1 for none): recorded at (ISO 8601), user, role, request id, endpoint, parameters, pilot, persons
     * (decimal), person.
     */
    static String hash(String previousHash, Entry entry) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(HexFormat.of().parseHex(previousHash));
            for (String field : new String[]{entry.recordedAt().toString(), entry.user(), entry.role(),
                    entry.requestId(), entry.endpoint(), entry.parameters(), entry.pilotId(),
                    Integer.toString(entry.persons()), entry.person()}) {
                byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
                digest.update(ByteBuffer.allocate(4).putInt(field == null ? -1 : bytes.length).array());
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
