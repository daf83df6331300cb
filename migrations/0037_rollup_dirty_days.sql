-- Which sums are stale, recorded as answers arrive instead of guessed from a time window. Every
-- insert into response marks the Helsinki day of each answer it holds (in the same transaction,
-- so an answer and its mark become visible together); the refresh re-sums the marked days that
-- have ended and marks their months, which it re-sums once they have ended. A refresh with nothing
-- marked does nothing, and a late answer makes its own day and month stale, not every slice that
-- received anything in the last ten minutes.
create table rollup_dirty (
  survey_id text not null,
  survey_version int not null,
  grain text not null check (grain in ('day', 'month')),
  period date not null,
  primary key (survey_id, survey_version, grain, period)
);
comment on table rollup_dirty is 'Owner: reports';

create function mark_rollup_dirty() returns trigger language plpgsql as $$
begin
  insert into rollup_dirty (survey_id, survey_version, grain, period)
    select distinct survey_id, survey_version, 'day', (submitted_at at time zone 'Europe/Helsinki')::date from inserted
  on conflict do nothing;
  return null;
end $$;
create trigger response_rollup_dirty after insert on response referencing new table as inserted
  for each statement execute function mark_rollup_dirty();

-- What the time-window refresh had still to do: the days and months with answers received since
-- its last run (with its ten-minute margin), and those that had not ended at its last run.
insert into rollup_dirty (survey_id, survey_version, grain, period)
  select distinct r.survey_id, r.survey_version, g.grain,
    case g.grain when 'day' then (r.submitted_at at time zone 'Europe/Helsinki')::date
      else date_trunc('month', r.submitted_at at time zone 'Europe/Helsinki')::date end
  from response r
  cross join (values ('day'), ('month')) as g(grain)
  cross join (select (value #>> '{}')::timestamptz as at from setting where key = 'rollup_watermark') w
  where r.received_at > w.at - interval '10 minutes'
     or r.submitted_at >= date_trunc('month', w.at at time zone 'Europe/Helsinki') at time zone 'Europe/Helsinki'
on conflict do nothing;
