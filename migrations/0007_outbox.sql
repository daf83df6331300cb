-- E-mail is written here in the same transaction as what it is about, then sent by a worker:
-- nothing is lost when SMTP is down, and a message is sent once even with several instances.
create table outbox_email (
  id bigint generated always as identity primary key,
  kind text not null,
  to_address text not null,
  subject text not null,
  body text not null,
  created_at timestamptz not null default now(),
  send_after timestamptz not null default now(),
  attempts int not null default 0,
  last_error text,
  sent_at timestamptz,
  -- set when there is no SMTP server: kept for the development outbox page instead
  kept_at timestamptz
);
create index outbox_email_due on outbox_email (send_after) where sent_at is null and kept_at is null;
