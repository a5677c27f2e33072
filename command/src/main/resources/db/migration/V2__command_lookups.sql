-- The command side's own tables. Seeds stay here, out of the event store, until the draw reveals them.
create table cmd_draw_seed (
    pilot_id varchar(64) primary key,
    seed     char(64)    not null
);

-- Who is who, kept in the writers' transaction from events: existence, blinding and caseworker checks.
create table cmd_person_directory (
    pilot_id   varchar(64)  not null,
    person     varchar(128) not null,
    grp        varchar(16)  not null default 'UNSELECTED',
    caseworker varchar(128),
    primary key (person, pilot_id)
);

-- Every case fact by event id and source id, for corrections and repeated deliveries in bulk imports.
create table cmd_case_fact (
    event_id    varchar(64)  primary key,
    person      varchar(128) not null,
    type        varchar(16)  not null,
    source_id   varchar(128),
    fingerprint varchar(64),
    withdrawn   boolean      not null default false,
    seq         bigserial    not null
);
create index cmd_case_fact_person on cmd_case_fact (person);
create index cmd_case_fact_source on cmd_case_fact (source_id) where source_id is not null;
