-- Every import (delivery): what an evaluator picks a knownAt from. Kept by the pilots projection.
create table q_delivery (
    delivery_id    varchar(64) primary key,
    kind           varchar(16) not null,
    pilot_id       varchar(64),
    source         varchar(200),
    recorded_at    timestamptz not null,
    recorded_by    varchar(128),
    first_position bigint      not null,
    last_position  bigint      not null,
    rows_total     integer     not null,
    accepted       integer     not null,
    unchanged      integer     not null,
    corrected      integer     not null
);
create index q_delivery_position on q_delivery (last_position);
