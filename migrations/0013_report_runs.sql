-- Monthly reports: who subscribes to which node's report, one job per node and period (its id
-- says which, so a second scheduler or a restart finds it already there), the PDFs made, and
-- one delivery per recipient and job (an e-mail is queued only with a new delivery row).
create table report_subscription (
  user_id int not null references staff_user (id) on delete cascade,
  node_id int not null references org_node (id),
  created_at timestamptz not null default now(),
  primary key (user_id, node_id)
);

create table report_job (
  -- "monthly:2026-10:CODE"
  id text primary key,
  period text not null,
  node_id int not null references org_node (id),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  attempts int not null default 0,
  due_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index report_job_due on report_job (due_at) where status in ('queued', 'running');

create table report_file (
  job_id text not null references report_job (id) on delete cascade,
  lang text not null check (lang in ('fi', 'sv', 'en')),
  pdf bytea not null,
  made_at timestamptz not null default now(),
  primary key (job_id, lang)
);

create table report_delivery (
  job_id text not null references report_job (id) on delete cascade,
  user_id int not null references staff_user (id) on delete cascade,
  queued_at timestamptz not null default now(),
  primary key (job_id, user_id)
);
