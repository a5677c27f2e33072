-- The feed's pilot filter: which pilots a person belongs to, and from which global position on (their first
-- PopulationMemberRecorded in that pilot). Case facts name only the person; a subscription limited to pilots takes a
-- fact when the person entered one of them before it. Derived from the events alone, so every reader (pull, stream,
-- broker) decides the same; filled by the feed itself up to the safe position it reads at (PersonPilots), not by a
-- projection, so the feed never waits for a rebuild.
create table feed_person_pilot (
    person     varchar(128) not null,
    pilot_id   varchar(64)  not null,
    entered_at bigint       not null,
    primary key (person, pilot_id)
);

-- How far (global position) feed_person_pilot holds every PopulationMemberRecorded.
create table feed_person_pilot_mark (
    id       int    primary key check (id = 1),
    position bigint not null
);
insert into feed_person_pilot_mark (id, position) values (1, 0);
