-- How many eligible persons a draw left out because they were in a group of an overlapping pilot (GroupsDrawn
-- revision 2); draws before it left out nobody.
alter table q_pilot add column excluded_overlapping integer not null default 0;
