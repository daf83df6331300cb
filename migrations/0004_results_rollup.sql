-- Monthly counts per survey version, unit and channel, so that a division's year is summed from
-- a few thousand rows instead of scanned from millions. counts[] follows the version's questions
-- (NPS 11 slots 0–10, Likert 5 slots 1–5, yes/no 2 slots, choice one per option, open 1 slot).
create table response_rollup (
  survey_id text not null,
  survey_version int not null,
  month date not null,
  node_id int not null,
  channel text not null,
  answers int not null,
  counts int[] not null,
  primary key (survey_id, month, node_id, survey_version, channel)
);

-- Which months changed since the last refresh is read from the time answers arrived.
create index response_received on response (received_at);

insert into setting (key, value) values ('rollup_watermark', '"1970-01-01T00:00:00Z"') on conflict (key) do nothing;
