-- People outside Kaiku's accounts who get the county-level reports (seed 001: the board and its
-- secretary, the management team's assistant). Their report arrives behind a link of its own that
-- runs out; the address is kept only while they are on the list.
create table report_named_recipient (
  id serial primary key,
  name text not null,
  email text not null unique,
  locale text not null default 'fi' check (locale in ('fi', 'sv', 'en')),
  added_by text not null,
  created_at timestamptz not null default now()
);
create table report_named_delivery (
  job_id text not null references report_job (id) on delete cascade,
  recipient_id int not null references report_named_recipient (id) on delete cascade,
  -- SHA-256 of the link's secret: the link itself is only in the e-mail.
  token_hash text not null unique,
  lang text not null,
  expires_at timestamptz not null,
  primary key (job_id, recipient_id)
);
comment on table report_named_recipient is 'Owner: reports';
comment on table report_named_delivery is 'Owner: reports';
