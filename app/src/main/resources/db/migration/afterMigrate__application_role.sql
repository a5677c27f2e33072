-- Runs after every migration (Flyway callback). The application's own role, the pool's user ${appRole}, may read and
-- append events and audit-log entries but never change or remove them, whatever the triggers say; it owns every
-- other table (read models are rebuilt with DDL: create, rename, drop), subject_key included: erasure deletes a
-- person's data key (docs/data-protection.md), which never touches an event. Nothing to do when the application connects
-- as the migrating user itself (an external PostgreSQL with a single user, see docs/audit-log.md).
do $$
declare
    app       text   := '${appRole}';
    protected text[] := array['domainevententry', 'audit_leaf', 'audit_node', 'audit_checkpoint', 'audit_timestamp'];
    t         record;
begin
    if app = '' or app = current_user or not exists (select 1 from pg_roles where rolname = app) then
        return;
    end if;
    execute format('grant usage, create on schema %I to %I', current_schema(), app);
    for t in select tablename from pg_tables where schemaname = current_schema()
            and tablename <> all (protected || array['${flyway:table}']) loop
        execute format('alter table %I owner to %I', t.tablename, app);
    end loop;
    execute format('revoke all on %s from %I', array_to_string(protected, ', '), app);
    execute format('grant select, insert on %s to %I', array_to_string(protected, ', '), app);
    execute format('grant usage on sequence domainevententry_globalindex_seq to %I', app);
end
$$;
