-- The population as the write side decides on it: a population import compares each row with the latest record
-- of the person, and the draw reads the eligible persons from here, both under the append lock. Kept in the
-- writer's transaction from the events (PilotDefined, GroupsDrawn, PopulationMemberRecorded), so the aggregate
-- no longer holds a whole population in memory.
create table cmd_pilot_terms (
    pilot_id                varchar(64) primary key,
    start_date              date        not null,
    min_months_in_receipt   int         not null,
    require_marginal        boolean     not null,
    drawn                   boolean     not null default false
);

create table cmd_population (
    pilot_id             varchar(64)   not null,
    person               varchar(128)  not null,
    sex                  varchar(16)   not null,
    birth_month          char(7)       not null,
    age_class            varchar(16)   not null,
    applicant_type       varchar(16)   not null,
    months_in_receipt_24 int           not null,
    marginal_employment  boolean       not null,
    monthly_claim        numeric(12,2),
    household            varchar(128)  not null,
    eligible             boolean       not null,
    primary key (pilot_id, person)
);

-- Registries that imported before this table existed: fill both from the stored events (JSON payloads; dates
-- were written as arrays, [2011,3,1] and [1971,5]).
create function pg_temp.json_date(value jsonb) returns date language sql immutable as $$
    select case jsonb_typeof(value)
        when 'array' then make_date((value->>0)::int, (value->>1)::int, coalesce((value->>2)::int, 1))
        else (value #>> '{}')::date end
$$;

insert into cmd_pilot_terms (pilot_id, start_date, min_months_in_receipt, require_marginal, drawn)
select p->>'pilotId', pg_temp.json_date(p->'start'),
       (p->'eligibility'->>'minMonthsInReceiptOfLast24')::int,
       (p->'eligibility'->>'requireMarginalEmployment')::boolean,
       exists (select 1 from domainevententry d
               where d.payloadtype = 'de.pilotregistry.shared.pilot.GroupsDrawn'
                 and d.aggregateidentifier = p->>'pilotId')
from (select convert_from(payload, 'UTF8')::jsonb p from domainevententry
      where payloadtype = 'de.pilotregistry.shared.pilot.PilotDefined') defined
on conflict do nothing;

insert into cmd_population (pilot_id, person, sex, birth_month, age_class, applicant_type, months_in_receipt_24,
                            marginal_employment, monthly_claim, household, eligible)
select distinct on (p->>'pilotId', p->>'person')
       p->>'pilotId', p->>'person', p->>'sex',
       case jsonb_typeof(p->'birthMonth')
           when 'array' then to_char(make_date((p->'birthMonth'->>0)::int, (p->'birthMonth'->>1)::int, 1), 'YYYY-MM')
           else p->>'birthMonth' end,
       p->>'ageClass', p->>'applicantType', (p->>'monthsInReceiptOfLast24')::int,
       (p->>'marginalEmployment')::boolean, (p->>'monthlyClaim')::numeric, p->>'household', (p->>'eligible')::boolean
from (select globalindex, convert_from(payload, 'UTF8')::jsonb p from domainevententry
      where payloadtype = 'de.pilotregistry.shared.pilot.PopulationMemberRecorded') recorded
order by p->>'pilotId', p->>'person', globalindex desc
on conflict do nothing;
