package de.pilotregistry.query.audit;

import de.pilotregistry.platform.AppendLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit log's tables: leaves (one per event, in position order), the complete subtrees above them, and signed
 * checkpoints. Appending is {@link AuditLogWriter}'s, under {@link #WRITER_LOCK}; everything here reads or writes
 * within the caller's transaction.
 */
@Component
public class AuditLog {

    /** Transaction-scoped advisory lock of the one writer across all nodes (the append lock's key + 1). */
    static final long WRITER_LOCK = AppendLock.KEY + 1;

    public record Leaf(long index, long position, byte[] hash) {
    }

    public record StoredCheckpoint(long treeSize, byte[] rootHash, Instant signedAt, byte[] keyId, String note) {
    }

    private final JdbcTemplate jdbc;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether this transaction is now the writer; false when another node's transaction is. */
    boolean becomeWriter() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class,
                WRITER_LOCK));
    }

    public long treeSize() {
        Long last = jdbc.queryForObject("select max(idx) from audit_leaf", Long.class);
        return last == null ? 0 : last + 1;
    }

    /** The position of the last event in the tree; 0 for an empty tree. */
    long lastPosition() {
        Long last = jdbc.queryForObject("select max(position) from audit_leaf", Long.class);
        return last == null ? 0 : last;
    }

    /** The stored hashes: leaves at level 0, complete subtrees above. */
    public MerkleTree.Subtrees subtrees() {
        return (level, index) -> {
            List<byte[]> hash = level == 0
                    ? jdbc.query("select hash from audit_leaf where idx = ?", (rs, n) -> rs.getBytes(1), index)
                    : jdbc.query("select hash from audit_node where level = ? and idx = ?", (rs, n) -> rs.getBytes(1),
                    level, index);
            if (hash.isEmpty()) {
                throw new IllegalStateException("the audit log has no subtree " + level + "/" + index);
            }
            return hash.get(0);
        };
    }

    public Optional<Leaf> leafAt(long position) {
        return jdbc.query("select idx, position, hash from audit_leaf where position = ?",
                (rs, n) -> new Leaf(rs.getLong(1), rs.getLong(2), rs.getBytes(3)), position).stream().findFirst();
    }


    /**
     * Appends leaves for the next events after the tree's last position, at most {@code max}, and the complete
     * subtrees they close; the number appended. Only the writer calls this, in its transaction.
     */
    int appendNext(int max) {
        long size = treeSize();
        List<Leaf> leaves = jdbc.query("select " + EventEntry.COLUMNS + " from domainevententry "
                        + "where globalindex > ? order by globalindex limit " + max,
                (rs, n) -> new Leaf(size + n, rs.getLong("globalindex"), MerkleTree.leafHash(EventEntry.of(rs))),
                lastPosition());
        if (leaves.isEmpty()) {
            return 0;
        }
        Map<String, byte[]> closed = new HashMap<>();
        List<Object[]> nodes = new ArrayList<>();
        MerkleTree.Subtrees stored = subtrees();
        MerkleTree.Subtrees known = (level, index) -> {
            byte[] hash = closed.get(level + "/" + index);
            return hash != null ? hash : stored.complete(level, index);
        };
        for (Leaf leaf : leaves) {
            closed.put("0/" + leaf.index(), leaf.hash());
            long count = leaf.index() + 1;
            for (int level = 1; count % (1L << level) == 0; level++) {
                long index = (count >> level) - 1;
                byte[] hash = MerkleTree.nodeHash(known.complete(level - 1, 2 * index),
                        known.complete(level - 1, 2 * index + 1));
                closed.put(level + "/" + index, hash);
                nodes.add(new Object[]{level, index, hash});
            }
        }
        jdbc.batchUpdate("insert into audit_leaf (idx, position, hash) values (?, ?, ?)",
                leaves.stream().map(l -> new Object[]{l.index(), l.position(), l.hash()}).toList());
        jdbc.batchUpdate("insert into audit_node (level, idx, hash) values (?, ?, ?)", nodes);
        return leaves.size();
    }

    /** Committed positions not yet in the tree (counting the empty positions of rolled-back appends too). */
    long lag() {
        Long head = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
        return head == null ? 0 : Math.max(0, head - lastPosition());
    }

    Instant databaseNow() {
        return jdbc.queryForObject("select clock_timestamp()", Timestamp.class).toInstant()
                .truncatedTo(ChronoUnit.MILLIS);
    }

    void store(Checkpoint checkpoint, byte[] keyId) {
        jdbc.update("insert into audit_checkpoint (tree_size, root_hash, signed_at, key_id, note) values (?, ?, ?, ?, ?)",
                checkpoint.treeSize(), checkpoint.rootHash(), Timestamp.from(checkpoint.time()), keyId,
                checkpoint.note());
    }

    /** Checkpoints that have no time stamp yet, oldest first. */
    List<StoredCheckpoint> unstamped() {
        return checkpoints("c where not exists (select 1 from audit_timestamp t where t.tree_size = c.tree_size) "
                + "order by tree_size");
    }

    void storeTimestamp(long treeSize, byte[] token) {
        jdbc.update("insert into audit_timestamp (tree_size, token, stamped_at) values (?, ?, clock_timestamp()) "
                + "on conflict (tree_size) do nothing", treeSize, token);
    }

    /** The RFC 3161 token of a checkpoint, if it has one. */
    public Optional<byte[]> timestampOf(long treeSize) {
        return jdbc.query("select token from audit_timestamp where tree_size = ?", (rs, n) -> rs.getBytes(1),
                treeSize).stream().findFirst();
    }

    public Optional<StoredCheckpoint> latestCheckpoint() {
        return checkpoints("order by tree_size desc limit 1").stream().findFirst();
    }

    public List<StoredCheckpoint> checkpoints() {
        return checkpoints("order by tree_size");
    }

    private List<StoredCheckpoint> checkpoints(String order) {
        return jdbc.query("select tree_size, root_hash, signed_at, key_id, note from audit_checkpoint " + order,
                (rs, n) -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getTimestamp(3).toInstant(),
                        rs.getBytes(4), rs.getString(5)));
    }
}
