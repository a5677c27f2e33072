-- Read model of the pilots projection: pilots, their population (one row per person) and their draw.
create table q_pilot (
    pilot_id           varchar(64) primary key,
    name               text        not null,
    jobcenter          text        not null,
    site               text        not null,
    start_date         date        not null,
    end_date           date        not null,
    caseload_ratio     integer     not null,
    participant_places integer     not null,
    min_months_24      integer     not null,
    require_marginal   boolean     not null,
    strata             text        not null,
    seed_commitment    char(64)    not null,
    defined_at         timestamptz not null,
    seed               char(64),
    algorithm          text,
    drawn_at           timestamptz
);

create table q_member (
    pilot_id       varchar(64)   not null,
    person         varchar(128)  not null,
    sex            varchar(16)   not null,
    birth_month    char(7)       not null,
    age_class      varchar(16)   not null,
    applicant_type varchar(16)   not null,
    months_24      integer       not null,
    marginal       boolean       not null,
    claim_at_start numeric(12,2) not null,
    household      varchar(128)  not null,
    eligible       boolean       not null,
    grp            varchar(16)   not null default 'UNSELECTED',
    caseworker     varchar(128),
    recorded_at    timestamptz   not null,
    primary key (pilot_id, person)
);

create table q_draw_stratum (
    pilot_id     varchar(64) not null,
    ordinal      integer     not null,
    stratum      text        not null,
    eligible     integer     not null,
    participants integer     not null,
    comparison   integer     not null,
    primary key (pilot_id, ordinal)
);

create table q_caseworker (
    pilot_id   varchar(64)  not null,
    caseworker varchar(128) not null,
    name       text         not null,
    primary key (pilot_id, caseworker)
);
