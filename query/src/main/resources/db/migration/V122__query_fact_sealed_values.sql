-- q_fact holds a job's exact wage and a retraction's free-text reason as their events do: sealed from JobStarted and
-- FactRetracted revision 2 on (docs/data-protection.md), hence text. Readers open them at read time with the person's
-- data key; after an erasure they read as erased. Rows of revision 1 events keep the plain value their event holds.
alter table q_fact alter column monthly_wage type text using monthly_wage::text,
                   alter column reason type text;
