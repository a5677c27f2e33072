-- Every read of person-level data, append-only: who, when, which endpoint and parameters, which pilot, how many
-- persons (and which, for single-person reads). Each row carries the SHA-256 chain hash over the previous row's hash
-- and its own fields (AccessLog), so a row altered, removed or reordered breaks the chain from there on.
create table audit_access (
    id            bigserial     primary key,
    recorded_at   timestamptz   not null,
    user_name     varchar(255)  not null,
    user_role     varchar(255),
    request_id    varchar(128),
    endpoint      varchar(2048) not null,
    parameters    text,
    pilot_id      varchar(255),
    persons       integer       not null,
    person        varchar(255),
    previous_hash char(64)      not null,
    hash          char(64)      not null unique
);

create index audit_access_user on audit_access (user_name, recorded_at);
create index audit_access_person on audit_access (person, recorded_at);

create trigger audit_access_append_only
    before update or delete on audit_access
    for each row execute function refuse_event_change();

create trigger audit_access_no_truncate
    before truncate on audit_access
    for each statement execute function refuse_event_change();
