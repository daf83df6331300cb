-- Daily counts, laid out like response_rollup: a period that starts or ends mid-month is summed
-- from days, so only today and answers newer than the last refresh are counted one by one.
create table response_rollup_day (
  survey_id text not null,
  survey_version int not null,
  day date not null,
  node_id int not null,
  channel text not null,
  answers int not null,
  counts int[] not null,
  primary key (survey_id, day, node_id, survey_version, channel)
);

-- Which periods are summed, so that a query finds them without scanning the sums themselves.
create table rollup_period (
  survey_id text not null,
  grain text not null check (grain in ('month', 'day')),
  period date not null,
  summed_at timestamptz not null default now(),
  primary key (survey_id, grain, period)
);
