-- First response to each (user, Idempotency-Key); a repeated key gets it again and writes nothing new.
create table idempotent_request (
    user_name    varchar(128) not null,
    idem_key     varchar(255) not null,
    method       varchar(8)   not null,
    path         text         not null,
    request_hash char(64)     not null,
    status       integer,
    content_type text,
    body         bytea,
    created_at   timestamptz  not null default now(),
    primary key (user_name, idem_key)
);
