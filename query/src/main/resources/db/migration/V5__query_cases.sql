-- Read model of the cases projection: every case fact, bitemporal. A row counts for a knowledge time K
-- when recorded_at <= K and (withdrawn_at is null or withdrawn_at > K); for a date D when
-- effective_date <= D. Rows are never deleted: a correction only sets withdrawn_at on the fact it replaces.
create table q_fact (
    global_index    bigint        primary key,
    event_id        varchar(64)   not null unique,
    person          varchar(128)  not null,
    type            varchar(16)   not null,
    effective_date  date,
    recorded_at     timestamptz   not null,
    withdrawn_at    timestamptz,
    withdrawn_by    varchar(64),
    corrects        varchar(64),
    source_id       varchar(128),
    employment_type varchar(16),
    weekly_hours    numeric(6,2),
    monthly_wage    numeric(12,2),
    monthly_claim   numeric(12,2),
    channel         varchar(24),
    outcome         varchar(16),
    reason          varchar(500),
    recorded_by     varchar(128)
);
create index q_fact_person_type_date on q_fact (person, type, effective_date desc, global_index desc);

-- Who held a participant from when (valid time) as recorded when (record time).
create table q_assignment (
    pilot_id       varchar(64)  not null,
    person         varchar(128) not null,
    caseworker     varchar(128) not null,
    effective_date date         not null,
    recorded_at    timestamptz  not null,
    global_index   bigint       not null,
    primary key (pilot_id, person, global_index)
);

alter table q_member add column first_recorded_at timestamptz;
update q_member set first_recorded_at = recorded_at;
alter table q_member alter column first_recorded_at set not null;

-- Which read tables each projection answers from, and how far a rebuild has come.
create table q_projection_rebuild (
    projection   varchar(64) primary key,
    state        varchar(16) not null,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    events_done  bigint      not null default 0,
    events_total bigint      not null default 0,
    message      text
);
