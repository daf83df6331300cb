-- Free-form feedback. The text stays; the contact details are erased a set time after handling.
create sequence feedback_reference_seq;

create table feedback (
  id bigint generated always as identity primary key,
  -- shown to the customer and used on the phone ("K-2026-000123"); not a key to read anything
  reference text not null unique,
  -- the receipt page's address: unguessable, shows only what the customer sent
  receipt_token text not null unique,
  category_node_id int not null references org_node (id),
  target_node_id int not null references org_node (id),
  text text not null,
  language text not null check (language in ('fi', 'sv', 'en')),
  channel text not null check (channel in ('web', 'widget', 'chat', 'api', 'email', 'phone', 'on_behalf')),
  on_behalf_mode text check (on_behalf_mode in ('oral', 'written')),
  logged_by int references staff_user (id),
  wants_reply boolean not null default false,
  contact_name text,
  contact_email text,
  contact_phone text,
  contact_erased_at timestamptz,
  status text not null default 'new' check (status in ('new', 'in_progress', 'handled', 'suspected_spam', 'spam')),
  spam_reasons text[],
  received_at timestamptz not null default now(),
  due_at timestamptz not null,
  handled_at timestamptz,
  -- "Miten palaute vaikutti?": one or more of the nine effects, and what will be done
  effects text[],
  effect_description text,
  idempotency_key text unique
);
create index feedback_target on feedback (target_node_id, received_at);
create index feedback_due on feedback (status, due_at);

create table feedback_event (
  id bigint generated always as identity primary key,
  feedback_id bigint not null references feedback (id),
  at timestamptz not null default now(),
  actor text not null,
  kind text not null,
  details jsonb
);
create index feedback_event_feedback on feedback_event (feedback_id, at);

insert into setting (key, value) values ('feedback_promise_days', '7') on conflict (key) do nothing;
