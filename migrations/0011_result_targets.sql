-- OKR targets: per node, survey, question ('nps' or a statement's key) and year. NPS targets
-- are NPS points (-100…100); statement targets are the share of 4–5 in percent (0…100).
-- A node without its own target is measured against its nearest ancestor's.
create table result_target (
  node_id int not null references org_node (id),
  survey_id text not null references survey (id),
  question text not null,
  year int not null check (year between 2000 and 2100),
  value numeric not null check (value between -100 and 100),
  set_by text not null,
  set_at timestamptz not null default now(),
  primary key (node_id, survey_id, question, year)
);
