-- Who may correct a fact depends on who recorded it: a caseworker corrects only facts caseworkers recorded, a data
-- steward any (FactPolicy). New facts carry it in their metadata (recordedAs); for the facts stored before, it is
-- taken from the roles their metadata names (recordedByRole, set by the append path for every write): a user with
-- DATA_STEWARD recorded as data steward, else one with CASEWORKER as caseworker. Facts without either (older than
-- the roles in the metadata) stay unknown, which counts as delivered: only a data steward corrects them.
alter table cmd_case_fact add column recorded_as varchar(16);

update cmd_case_fact c
set recorded_as = case
        when m->>'recordedAs' in ('CASEWORKER', 'DATA_STEWARD') then m->>'recordedAs'
        when 'DATA_STEWARD' = any(string_to_array(coalesce(m->>'recordedByRole', ''), ',')) then 'DATA_STEWARD'
        when 'CASEWORKER' = any(string_to_array(coalesce(m->>'recordedByRole', ''), ',')) then 'CASEWORKER'
    end
from (select eventidentifier, convert_from(metadata, 'UTF8')::jsonb m from domainevententry
      where type = 'CaseFile') e
where e.eventidentifier = c.event_id;
