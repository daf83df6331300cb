-- Surveys are versioned definitions; an answer keeps the version it was given to, so a new
-- version never changes what old answers mean.
create table survey (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  builtin boolean not null default false,
  name jsonb not null,
  created_at timestamptz not null default now()
);

create table survey_version (
  survey_id text not null references survey (id),
  version int not null check (version > 0),
  definition jsonb not null,
  published_at timestamptz not null default now(),
  published_by text not null default 'system',
  primary key (survey_id, version)
);

-- Where answers come from: a survey at a unit through one channel, under a short code.
create table collection_point (
  id int generated always as identity primary key,
  code text not null unique,
  survey_id text not null references survey (id),
  node_id int not null references org_node (id),
  channel text not null check (channel in ('link', 'qr', 'kiosk', 'paper', 'email', 'interview')),
  name text,
  -- fixed background for every answer here, e.g. {"respondentType": "relative"}
  background jsonb not null default '{}',
  nps_wording text not null default 'standard' check (nps_wording in ('standard', 'similar_situation')),
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create index collection_point_node on collection_point (node_id);

-- One answered survey. No identity, no IP address, no user agent: only the unit, channel,
-- time, version and the background variables.
create table response (
  id bigint generated always as identity primary key,
  survey_id text not null,
  survey_version int not null,
  node_id int not null references org_node (id),
  channel text not null check (channel in ('link', 'qr', 'kiosk', 'paper', 'email', 'sms', 'interview', 'api')),
  collection_point_id int references collection_point (id),
  submitted_at timestamptz not null,
  received_at timestamptz not null default now(),
  -- "api:<key id>:<client key>" or "form:<nonce>": the same submission twice is one answer
  idempotency_key text unique,
  background jsonb not null default '{}',
  answers jsonb not null,
  foreign key (survey_id, survey_version) references survey_version (survey_id, version)
);
create index response_node_time on response (node_id, submitted_at);
create index response_survey_time on response (survey_id, submitted_at);

create table setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
insert into setting (key, value) values ('anonymity_threshold', '5');
