-- The audit log: an RFC 9162 Merkle tree over every event in global order (docs/audit-log.md).
-- Leaf i is the i-th stored event; position is its globalindex (positions of rolled-back appends stay empty).
create table audit_leaf (
    idx      bigint not null primary key,
    position bigint not null unique,
    hash     bytea  not null
);

-- Every complete subtree of 2^level leaves, starting at leaf idx * 2^level (level >= 1): proofs read
-- O(log^2 n) rows instead of hashing every leaf.
create table audit_node (
    level smallint not null,
    idx   bigint   not null,
    hash  bytea    not null,
    primary key (level, idx)
);

-- Signed checkpoints (C2SP signed note); tree sizes only grow.
create table audit_checkpoint (
    tree_size bigint      not null primary key,
    root_hash bytea       not null,
    signed_at timestamptz not null,
    key_id    bytea       not null,
    note      text        not null
);

-- Like the events, what the log has written is never changed by the application.
create trigger audit_leaf_append_only before update or delete on audit_leaf
    for each row execute function refuse_event_change();
create trigger audit_node_append_only before update or delete on audit_node
    for each row execute function refuse_event_change();
create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
    for each row execute function refuse_event_change();
