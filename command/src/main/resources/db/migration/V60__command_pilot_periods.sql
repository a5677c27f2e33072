-- Each pilot's period, kept in the writers' transaction from PilotDefined: a draw leaves out persons already in a
-- group of a pilot whose period overlaps. Filled here from the pilots defined before this table existed (json, not
-- jsonb: a stored name may hold characters jsonb refuses; dates as "YYYY-MM-DD" or [y, m, d]).
create table cmd_pilot_period (
    pilot_id   varchar(64) primary key,
    start_date date        not null,
    end_date   date        not null
);
with defined as (
    select aggregateidentifier as pilot_id, convert_from(payload, 'UTF8')::json as p
    from domainevententry
    where payloadtype = 'de.pilotregistry.shared.pilot.PilotDefined'
)
insert into cmd_pilot_period (pilot_id, start_date, end_date)
select pilot_id,
       case when json_typeof(p -> 'start') = 'string' then (p ->> 'start')::date
            else make_date((p -> 'start' ->> 0)::int, (p -> 'start' ->> 1)::int, (p -> 'start' ->> 2)::int) end,
       case when json_typeof(p -> 'end') = 'string' then (p ->> 'end')::date
            else make_date((p -> 'end' ->> 0)::int, (p -> 'end' ->> 1)::int, (p -> 'end' ->> 2)::int) end
from defined
on conflict do nothing;
