package de.pilotregistry.query.audit;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Recomputes the audit log from the event table as it is now: every event's leaf against the leaf logged for it,
 * and the root of every stored checkpoint (and of a checkpoint an auditor kept) from the recomputed leaves, in one
 * pass over both tables. Needs nothing but a database connection, so the offline {@code verify} command runs it on a
 * copy of the database without the registry.
 */
@Component
public class LogVerification {

    /** What was checked and the first thing that does not match (null when everything matches). */
    public record Result(long eventsChecked, long checkpointsChecked, Mismatch firstMismatch,
                         Boolean extendsKeptCheckpoint) {
    }

    /** @param position the position of the event concerned (null when none can be named) */
    public record Mismatch(Long position, String reason) {
    }

    private static final int FETCH = 1000;

    private final JdbcTemplate jdbc;

    public LogVerification(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param key   checks the stored checkpoints' (and the kept one's) signatures; null: roots only
     * @param kept  a checkpoint the auditor kept; null: none
     */
    public Result verify(NoteVerifier key, Checkpoint kept) {
        return jdbc.execute((ConnectionCallback<Result>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            // One snapshot for both tables; PostgreSQL streams with a fetch size only inside a transaction.
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return new Pass(connection, key, kept).run();
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    private record Target(long treeSize, byte[] rootHash, String note, byte[] timestamp, boolean keptByAuditor) {
    }

    /** One verification: both tables streamed in position order in one snapshot and merged. */
    private static final class Pass {

        private final Connection connection;
        private final NoteVerifier key;
        private final Checkpoint kept;
        private final Deque<Target> targets = new ArrayDeque<>();
        private final MerkleTree.Accumulator recomputed = new MerkleTree.Accumulator();
        private long eventsChecked;
        private long checkpointsChecked;
        private Mismatch first;
        private Boolean extendsKept;

        Pass(Connection connection, NoteVerifier key, Checkpoint kept) {
            this.connection = connection;
            this.key = key;
            this.kept = kept;
        }

        Result run() throws SQLException {
            loadTargets();
            if (kept != null) {
                extendsKept = true;
                if (key != null && !kept.signedBy(key)) {
                    extendsKept = false;
                    mismatch(null, "the kept checkpoint is not signed by this registry's key (" + key.verifierKey()
                            + ")");
                }
            }
            long lastPosition = single("select coalesce(max(position), -1) from audit_leaf");
            try (PreparedStatement leaves = stream("select idx, position, hash from audit_leaf order by idx");
                 PreparedStatement events = stream("select " + EventEntry.COLUMNS + " from domainevententry "
                         + "where globalindex <= ? order by globalindex")) {
                events.setLong(1, lastPosition);
                try (ResultSet leaf = leaves.executeQuery(); ResultSet event = events.executeQuery()) {
                    merge(leaf, event);
                }
            }
            for (Target beyond : targets) {
                checkpointsChecked += beyond.keptByAuditor() ? 0 : 1;
                notExtended(beyond, null, "the checkpoint of tree size " + beyond.treeSize()
                        + " is beyond the log's " + recomputed.size() + " events");
            }
            return new Result(eventsChecked, checkpointsChecked, first, extendsKept);
        }

        private void loadTargets() throws SQLException {
            List<Target> all = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select c.tree_size, c.root_hash, c.note, t.token from audit_checkpoint c "
                            + "left join audit_timestamp t on t.tree_size = c.tree_size order by c.tree_size");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    all.add(new Target(rows.getLong(1), rows.getBytes(2), rows.getString(3), rows.getBytes(4),
                            false));
                }
            }
            if (kept != null) {
                all.add(new Target(kept.treeSize(), kept.rootHash(), kept.note(), null, true));
            }
            all.stream().sorted(Comparator.comparingLong(Target::treeSize)).forEach(targets::add);
        }

        private void merge(ResultSet leaf, ResultSet event) throws SQLException {
            boolean hasLeaf = leaf.next();
            boolean hasEvent = event.next();
            long expectedIndex = 0;
            checkTargets(null);
            while (hasLeaf || hasEvent) {
                if (hasLeaf && leaf.getLong(1) != expectedIndex) {
                    mismatch(leaf.getLong(2), "the log's leaf " + expectedIndex + " is missing (its own table was "
                            + "changed)");
                    expectedIndex = leaf.getLong(1);
                }
                long leafPosition = hasLeaf ? leaf.getLong(2) : Long.MAX_VALUE;
                long eventPosition = hasEvent ? event.getLong("globalindex") : Long.MAX_VALUE;
                if (leafPosition < eventPosition) {
                    eventsChecked++;
                    mismatch(leafPosition, "the event at position " + leafPosition + " (leaf " + leaf.getLong(1)
                            + ") is missing: it was deleted after it was logged");
                    hasLeaf = leaf.next();
                    expectedIndex++;
                    continue;
                }
                byte[] hash = MerkleTree.leafHash(EventEntry.of(event));
                eventsChecked++;
                if (eventPosition < leafPosition) {
                    mismatch(eventPosition, "the event at position " + eventPosition + " is not in the log: it was "
                            + "inserted after later events were logged");
                } else {
                    if (!Arrays.equals(hash, leaf.getBytes(3))) {
                        mismatch(eventPosition, "the event at position " + eventPosition + " differs from the one "
                                + "logged as leaf " + leaf.getLong(1) + " (its bytes were changed)");
                    }
                    hasLeaf = leaf.next();
                    expectedIndex++;
                }
                recomputed.add(hash);
                checkTargets(eventPosition);
                hasEvent = event.next();
            }
        }

        /** Compares the recomputed root with every checkpoint of the tree size reached. */
        private void checkTargets(Long position) {
            while (!targets.isEmpty() && targets.peekFirst().treeSize() == recomputed.size()) {
                Target target = targets.removeFirst();
                byte[] root = recomputed.root();
                checkpointsChecked += target.keptByAuditor() ? 0 : 1;
                String which = (target.keptByAuditor() ? "the kept checkpoint" : "the checkpoint")
                        + " of tree size " + target.treeSize();
                if (!Arrays.equals(root, target.rootHash())) {
                    notExtended(target, position, "the first " + target.treeSize() + " events hash to root "
                            + Base64.getEncoder().encodeToString(root) + ", " + which + " says "
                            + Base64.getEncoder().encodeToString(target.rootHash()));
                } else if (!target.keptByAuditor() && key != null && !Checkpoint.parse(target.note()).signedBy(key)) {
                    mismatch(position, which + " is not signed by this registry's key");
                } else if (target.timestamp() != null) {
                    TimeStamping.problem(target.timestamp(), target.note())
                            .ifPresent(problem -> mismatch(position, which + ": " + problem));
                }
            }
        }

        private void notExtended(Target target, Long position, String reason) {
            if (target.keptByAuditor()) {
                extendsKept = false;
            }
            mismatch(position, reason);
        }

        private void mismatch(Long position, String reason) {
            if (first == null) {
                first = new Mismatch(position, reason);
            }
        }

        private PreparedStatement stream(String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setFetchSize(FETCH);
            return statement;
        }

        private long single(String sql) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
