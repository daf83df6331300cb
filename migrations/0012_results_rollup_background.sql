-- The sums again, per background variable and value (age group, call type, segment …), so that a
-- filter on one background variable, or groups of one, are summed like the rest instead of
-- counted from millions of answers. An answer without the variable is in no row of it: its
-- "not given" group is the total minus the values.
create table response_rollup_bg (
  survey_id text not null,
  survey_version int not null,
  month date not null,
  node_id int not null,
  channel text not null,
  bg_key text not null,
  bg_value text not null,
  answers int not null,
  counts int[] not null,
  primary key (survey_id, month, bg_key, bg_value, node_id, survey_version, channel)
);

create table response_rollup_bg_day (
  survey_id text not null,
  survey_version int not null,
  day date not null,
  node_id int not null,
  channel text not null,
  bg_key text not null,
  bg_value text not null,
  answers int not null,
  counts int[] not null,
  primary key (survey_id, day, bg_key, bg_value, node_id, survey_version, channel)
);

-- Everything is summed again at the next refresh, with its background and with a row per node
-- for all channels together (channel '*'); until then, counted.
delete from rollup_period;
delete from response_rollup;
delete from response_rollup_day;
update setting set value = '"1970-01-01T00:00:00Z"' where key = 'rollup_watermark';
