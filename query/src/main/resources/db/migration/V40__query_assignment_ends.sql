-- Assignments in valid time: an assignment covers [effective_date, end_date); end_date is the first day without
-- it, null while it has not ended. end_recorded_at is the record time of the end: for a knowledge time K the end
-- counts when end_recorded_at <= K (before that the assignment was known as open).
alter table q_assignment
    add column end_date        date,
    add column end_recorded_at timestamptz,
    add column end_reason      varchar(32);

-- Before ends existed, a participant moved to another caseworker in one step: the new assignment ended the
-- previous one on its own effective date, as recorded with it.
update q_assignment a
set end_date = n.next_date, end_recorded_at = n.next_recorded_at, end_reason = 'CASEWORKER_CHANGE'
from (select pilot_id, person, global_index,
             lead(effective_date) over w as next_date, lead(recorded_at) over w as next_recorded_at
      from q_assignment
      window w as (partition by pilot_id, person order by global_index)) n
where n.pilot_id = a.pilot_id and n.person = a.person and n.global_index = a.global_index
  and n.next_date is not null;
