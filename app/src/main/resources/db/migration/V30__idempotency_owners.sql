-- Who runs a request that holds an Idempotency-Key, so a key whose request died is released, not "in progress"
-- for ever. Each registry process registers itself once per start; its slot (host:port) names the place it
-- serves from, so a restart replaces its predecessor's row, and the keys the predecessor held are released at once.
create table registry_instance (
    instance_id  char(36)    primary key,
    slot         text,
    started_at   timestamptz not null default now(),
    heartbeat_at timestamptz not null default now()
);

-- claim_id: one run of a request; the owner refreshes heartbeat_at while it runs. A key in progress whose
-- heartbeat stopped, or whose owner instance is gone, may be taken over by a repeat.
alter table idempotent_request
    add column claim_id       char(36),
    add column owner_instance char(36),
    add column heartbeat_at   timestamptz;
