-- Sums that follow the change. Every answer is either in the sums or waiting in rollup_pending,
-- never both: the insert that stores an answer queues its id in the same transaction, and the
-- refresh adds queued answers to their day, their month and their background values (an upsert
-- that adds counts) in the transaction that takes them off the queue. A late answer costs what it
-- is, not a re-sum of its day and month; a refresh with an empty queue does nothing; results add
-- the queued answers to the sums, counting only those.
-- The survey and time ride along, so that a query picks its stretch of the queue before it reads
-- a single answer.
create table rollup_pending (
  response_id bigint primary key,
  survey_id text not null,
  submitted_at timestamptz not null
);
comment on table rollup_pending is 'Owner: reports';
create index rollup_pending_survey_time on rollup_pending (survey_id, submitted_at);

drop trigger response_rollup_dirty on response;
drop function mark_rollup_dirty();
drop table rollup_dirty;
-- Periods no longer need a catalogue: every period is summed, up to what is queued.
drop table rollup_period;
-- The refresh no longer looks for answers by the time they arrived.
drop index response_received;
delete from setting where key = 'rollup_watermark';

create function queue_rollup_pending() returns trigger language plpgsql as $$
begin
  insert into rollup_pending (response_id, survey_id, submitted_at) select id, survey_id, submitted_at from inserted;
  return null;
end $$;
create trigger response_rollup_pending after insert on response referencing new table as inserted
  for each statement execute function queue_rollup_pending();

-- Counts added slot by slot (a missing slot counts 0), and summed over rows: a month from its days.
create function rollup_add(a int[], b int[]) returns int[] language sql immutable parallel safe as $$
  select array_agg(coalesce(x, 0) + coalesce(y, 0) order by i) from unnest(a, b) with ordinality as t(x, y, i)
$$;
create aggregate rollup_sum(int[]) (sfunc = rollup_add, stype = int[]);

-- The sums made before this migration were made the old way and may be stale: each survey that has
-- answers is summed again from them, a month at a time, by the refresh job (its results are counted
-- from the answers until it is done). next_month null: from its first answer's month.
create table rollup_rebuild (
  survey_id text primary key references survey (id),
  next_month date
);
comment on table rollup_rebuild is 'Owner: reports';
insert into rollup_rebuild (survey_id)
  select s.id from survey s where exists (select 1 from response r where r.survey_id = s.id);
