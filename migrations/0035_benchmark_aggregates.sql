-- Other counties' and national results, imported from their aggregate exports
-- (`kaiku -- import-aggregates`), to show beside the county's own. Counts only: per unit, month
-- and survey the answers, NPS's three groups and each statement's 1–5 counts (or yes/no), with
-- the groups under the sender's anonymity threshold already left out. No texts, no people.
create table benchmark_source (
  id int generated always as identity primary key,
  code text not null unique check (length(code) between 1 and 200),
  name_fi text not null check (length(name_fi) <= 300),
  name_sv text check (length(name_sv) <= 300),
  name_en text check (length(name_en) <= 300),
  kind text not null check (kind in ('county', 'national')),
  imported_at timestamptz not null
);
comment on table benchmark_source is 'Owner: reports';

create table benchmark_aggregate (
  source_id int not null references benchmark_source (id) on delete cascade,
  survey text not null check (length(survey) <= 64),
  month date not null,
  unit_code text not null check (length(unit_code) <= 200),
  answers int not null check (answers >= 0),
  promoters int not null default 0,
  passives int not null default 0,
  detractors int not null default 0,
  -- {"availability": {"1": 0, "2": 1, "3": 4, "4": 20, "5": 12}, "solved": {"yes": 30, "no": 4}}
  questions jsonb not null default '{}',
  primary key (source_id, survey, month, unit_code)
);
create index benchmark_aggregate_survey_month on benchmark_aggregate (survey, month);
comment on table benchmark_aggregate is 'Owner: reports';
