-- RFC 3161 time stamps of checkpoints (when registry.audit.tsa-url is set): the authority's token (DER) over the
-- SHA-256 of the checkpoint's note.
create table audit_timestamp (
    tree_size  bigint      not null primary key references audit_checkpoint (tree_size),
    token      bytea       not null,
    stamped_at timestamptz not null
);

create trigger audit_timestamp_append_only before update or delete on audit_timestamp
    for each row execute function refuse_event_change();
