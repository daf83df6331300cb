-- Handling free-form feedback: comments, answers to the customer, moves, the formal-process
-- hand-off, reminders and escalation; SMS waiting to be sent; quick page feedback from widgets.

alter table feedback add column formal_process text check (formal_process in ('muistutus', 'kantelu'));
alter table feedback add column reminded_at timestamptz;
alter table feedback add column escalated_at timestamptz;
create index feedback_contact_kept on feedback (handled_at) where contact_erased_at is null and status = 'handled';

-- Internal comments and the answers sent to the customer. The answer's text is kept with the
-- feedback; where it went (the address or number) is not, it lives only in the outbox.
create table feedback_message (
  id bigint generated always as identity primary key,
  feedback_id bigint not null references feedback (id),
  at timestamptz not null default now(),
  author_id int references staff_user (id),
  author text not null,
  kind text not null check (kind in ('comment', 'reply')),
  reply_channel text check (reply_channel in ('email', 'sms')),
  body text not null
);
create index feedback_message_feedback on feedback_message (feedback_id, at);

-- Text messages wait here, written in the same transaction as what they are about, until an SMS
-- gateway sends them; without a gateway they are kept for the development outbox page.
create table outbox_sms (
  id bigint generated always as identity primary key,
  kind text not null,
  to_number text not null,
  body text not null,
  created_at timestamptz not null default now(),
  send_after timestamptz not null default now(),
  attempts int not null default 0,
  last_error text,
  sent_at timestamptz,
  kept_at timestamptz
);
create index outbox_sms_due on outbox_sms (send_after) where sent_at is null and kept_at is null;

-- "Was this page helpful?" from the county's web pages. No cookie, no address, no identity.
create table page_feedback (
  id bigint generated always as identity primary key,
  node_id int not null references org_node (id),
  page_url text not null,
  rating text not null check (rating in ('yes', 'partly', 'no')),
  comment text,
  language text not null check (language in ('fi', 'sv', 'en')),
  received_at timestamptz not null default now()
);
create index page_feedback_node on page_feedback (node_id, received_at);
create index page_feedback_page on page_feedback (page_url, received_at);

insert into setting (key, value) values
  ('feedback_reminder_hours', '48'),
  ('feedback_contact_retention_days', '90')
on conflict (key) do nothing;
