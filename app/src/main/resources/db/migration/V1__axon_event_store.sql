-- Axon's JDBC event store and token store with their default names; payloads are bytea (never OID).
create table domainevententry (
    globalindex         bigserial    not null primary key,
    aggregateidentifier varchar(255) not null,
    sequencenumber      bigint       not null,
    type                varchar(255),
    eventidentifier     varchar(255) not null unique,
    metadata            bytea,
    payload             bytea        not null,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) not null,
    timestamp           varchar(255) not null,
    unique (aggregateidentifier, sequencenumber)
);

create table snapshotevententry (
    aggregateidentifier varchar(255) not null,
    sequencenumber      bigint       not null,
    type                varchar(255) not null,
    eventidentifier     varchar(255) not null unique,
    metadata            bytea,
    payload             bytea        not null,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) not null,
    timestamp           varchar(255) not null,
    primary key (aggregateidentifier, sequencenumber)
);

create table tokenentry (
    processorname varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    primary key (processorname, segment)
);

-- Events are forever: the database itself refuses to change or remove a stored event.
create function refuse_event_change() returns trigger language plpgsql as $$
begin
    raise exception 'events are immutable: % on % is refused', tg_op, tg_table_name;
end
$$;

create trigger domainevententry_append_only
    before update or delete on domainevententry
    for each row execute function refuse_event_change();

create trigger domainevententry_no_truncate
    before truncate on domainevententry
    for each statement execute function refuse_event_change();
