-- SMS surveys: visits from patient and client systems, survey requests by text message, the
-- conversation one question at a time, and what the frequency rule and opt-outs need to know.

-- A survey answer may be partial: an SMS conversation that expired after some answers.
alter table response add column partial boolean not null default false;

-- Keys the phone-number hashes: without it a hash of a Finnish mobile number could be reversed
-- by trying them all. gen_random_uuid draws from the server's strong random source.
insert into setting (key, value)
values ('sms_hash_key', to_jsonb(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')))
on conflict (key) do nothing;

create table visit (
  id bigint generated always as identity primary key,
  -- the sending system's own id; the same event sent twice is one visit
  source text not null,
  event_id text not null,
  unit_code text not null,
  unit_node_id int references org_node (id),
  visit_at timestamptz not null,
  type text not null check (type in ('visit', 'stay', 'first-contact')),
  call_type text check (call_type in ('line', 'callback')),
  -- kept only until the request is sent or skipped; the hash only while a rule needs it
  phone text,
  phone_hash text,
  language text,
  age int,
  consent boolean not null,
  non_disclosure boolean not null,
  background jsonb not null default '{}',
  received_at timestamptz not null default now(),
  -- held: the unit is unknown (kept, re-checked after each organisation import); pending: waits
  -- for its time; requested: a conversation was started; skipped: a rule said no (skip_reason)
  status text not null default 'pending' check (status in ('held', 'pending', 'requested', 'skipped')),
  skip_reason text,
  send_after timestamptz,
  send_before timestamptz,
  unique (source, event_id)
);
create index visit_due on visit (send_after) where status = 'pending';
create index visit_held on visit (unit_code) where status = 'held';

-- One row per phone number hash: when it was last asked, and whether it said stop.
create table sms_recipient (
  phone_hash text primary key,
  last_request_at timestamptz,
  opted_out_at timestamptz
);

create table sms_conversation (
  id bigint generated always as identity primary key,
  visit_id bigint not null unique references visit (id),
  -- the number to write to and its hash, while the conversation lasts; both erased when it ends
  phone text,
  phone_hash text,
  survey_id text not null,
  survey_version int not null,
  node_id int not null references org_node (id),
  language text not null check (language in ('fi', 'sv', 'en')),
  questions text[] not null,
  step int not null default 0,
  retried boolean not null default false,
  answers jsonb not null default '{}',
  background jsonb not null default '{}',
  status text not null default 'active' check (status in ('active', 'completed', 'expired', 'stopped')),
  started_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz
);
-- at most one open conversation per number: a reply belongs to it
create unique index sms_conversation_active on sms_conversation (phone_hash) where status = 'active';
create index sms_conversation_expiry on sms_conversation (expires_at) where status = 'active';

alter table outbox_sms add column conversation_id bigint references sms_conversation (id);
alter table outbox_sms add column provider_id text;
alter table outbox_sms add column delivery text;
alter table outbox_sms add column delivered_at timestamptz;

-- Each inbound message once, whatever the gateway retries.
create table sms_inbound (
  message_id text primary key,
  phone_hash text not null,
  received_at timestamptz not null,
  processed_at timestamptz not null default now(),
  outcome text not null
);

-- Which survey and which (at most four) questions each kind of visit gets by SMS, and how soon.
insert into setting (key, value) values
  ('sms_frequency_days', '30'),
  ('sms_conversation_hours', '24'),
  ('sms_surveys', '{
    "visit": {"survey": "thl-national", "questions": ["nps", "encounter", "information", "nps_open"], "withinHours": 48},
    "stay": {"survey": "thl-national", "questions": ["nps", "encounter", "information", "nps_open"], "withinHours": 48},
    "first-contact": {"survey": "thl-first-contact", "questions": ["solved", "knows_next"], "withinHours": 1}
  }')
on conflict (key) do nothing;
