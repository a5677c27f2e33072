-- Which query node runs a rebuild: every node pauses its live processor while that node switches the tables over,
-- and a rebuild whose node is gone is marked interrupted by the others (ProjectionRebuild, RebuildCoordination).
alter table q_projection_rebuild add column node_id varchar(64);
