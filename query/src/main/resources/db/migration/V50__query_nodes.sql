-- The query nodes alive now: each writes its heartbeat every few seconds, so the projections' segments can be
-- spread fairly over the live nodes (QueryNodes).
create table q_node (
    node_id varchar(64) primary key,
    seen_at timestamptz not null
);
