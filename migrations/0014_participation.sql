-- Customer participation: the resident pool, customer councils, experience experts and
-- customer representatives in development projects. Personal data here is read only by
-- participation coordinators (role 'coordinator'), and every read and change is audit-logged.

alter table role_assignment drop constraint role_assignment_role_check;
alter table role_assignment add constraint role_assignment_role_check
  check (role in ('admin', 'manager', 'handler', 'professional', 'analyst', 'coordinator'));

-- An e-mail body that carries a one-time secret (a pool invitation) is blanked once sent.
alter table outbox_email add column secret_body boolean not null default false;
alter table outbox_sms add column secret_body boolean not null default false;

-- A pool survey's collection point answers only through one-time invitation links.
alter table collection_point add column invitation_only boolean not null default false;

-- Resident pool: anyone may join; members are invited to surveys and answer anonymously.
create table pool_member (
  id bigint generated always as identity primary key,
  email text,
  phone text,
  check ((email is null) <> (phone is null)),
  language text not null check (language in ('fi', 'sv', 'en')),
  -- the consent text the person agreed to, word for word, and when
  consent_text text not null,
  consented_at timestamptz not null default now(),
  confirmed_at timestamptz,
  -- the confirmation link is kept as its sha256; the leaving link is kept as is, so that every
  -- invitation can carry it
  confirm_hash text not null unique,
  leave_token text not null unique,
  -- background facts the member chose to give, shown to staff only as counts
  age_group text,
  municipality text check (length(municipality) <= 80),
  services text[] not null default '{}',
  -- willing to represent customers in development projects (then a name is needed)
  project_name text check (length(project_name) <= 200),
  created_at timestamptz not null default now()
);
create unique index pool_member_email on pool_member (lower(email)) where email is not null;
create unique index pool_member_phone on pool_member (phone) where phone is not null;

-- A pool survey: one invitation per confirmed member to a survey at a collection point.
create table pool_round (
  id int generated always as identity primary key,
  collection_point_id int not null references collection_point (id),
  title text not null check (length(title) between 1 and 200),
  invited int not null default 0,
  created_by text not null,
  created_at timestamptz not null default now()
);

-- One-time answering links. Deliberately no member column and no time of use: the invitation
-- list and the answers cannot be joined, not even by the order in which links were spent.
create table pool_invitation (
  token_hash text primary key,
  round_id int not null references pool_round (id),
  spent boolean not null default false
);
create index pool_invitation_round on pool_invitation (round_id, spent);

-- Customer councils: by application and interview, 10–12 members, scheduled meetings.
create table council (
  id int generated always as identity primary key,
  node_id int not null references org_node (id),
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table council_call (
  id int generated always as identity primary key,
  council_id int not null references council (id),
  title jsonb not null,
  description jsonb not null default '{}',
  opens_on date not null,
  closes_on date not null check (closes_on >= opens_on),
  created_at timestamptz not null default now()
);

create table council_application (
  id bigint generated always as identity primary key,
  call_id int not null references council_call (id),
  name text not null check (length(name) between 1 and 200),
  email text,
  phone text,
  check (email is not null or phone is not null),
  language text not null check (language in ('fi', 'sv', 'en')),
  municipality text,
  age_group text,
  motivation text not null check (length(motivation) between 1 and 4000),
  consent_text text not null,
  status text not null default 'received' check (status in ('received', 'interview', 'accepted', 'declined')),
  interview_notes text not null default '',
  decision_message text,
  decided_by text,
  decided_at timestamptz,
  received_at timestamptz not null default now()
);
create index council_application_call on council_application (call_id, status);

create table council_member (
  id bigint generated always as identity primary key,
  council_id int not null references council (id),
  application_id bigint references council_application (id) on delete set null,
  name text not null,
  email text,
  phone text,
  term_start date not null,
  term_end date not null check (term_end >= term_start),
  left_at date,
  created_at timestamptz not null default now()
);
create index council_member_council on council_member (council_id);

create table council_meeting (
  id int generated always as identity primary key,
  council_id int not null references council (id),
  meets_at timestamptz not null,
  place text not null default '',
  agenda text not null default '',
  minutes text not null default '',
  created_at timestamptz not null default now()
);

-- What a council evaluated or tested, at which unit.
create table council_evaluation (
  id int generated always as identity primary key,
  council_id int not null references council (id),
  meeting_id int references council_meeting (id) on delete set null,
  node_id int not null references org_node (id),
  kind text not null check (kind in ('evaluated', 'tested')),
  subject text not null check (length(subject) between 1 and 300),
  summary text not null default '',
  created_at timestamptz not null default now()
);

-- Experience experts and developer customers.
create table expert (
  id int generated always as identity primary key,
  kind text not null check (kind in ('expert', 'developer_customer')),
  name text not null check (length(name) between 1 and 200),
  email text,
  phone text,
  themes text[] not null default '{}',
  trained boolean not null default false,
  trained_on date,
  availability text not null default '',
  compensation text not null check (compensation in ('fee', 'volunteer')),
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table expert_request (
  id int generated always as identity primary key,
  node_id int not null references org_node (id),
  requested_by int references staff_user (id),
  requester_name text not null,
  kind text not null check (kind in ('training', 'development', 'peer_support', 'recruitment', 'other')),
  theme text not null,
  description text not null check (length(description) between 1 and 4000),
  wanted_from date,
  wanted_to date,
  status text not null default 'new' check (status in ('new', 'assigned', 'done', 'cancelled')),
  coordinator_message text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index expert_request_status on expert_request (status, created_at);

create table expert_assignment (
  request_id int not null references expert_request (id),
  expert_id int not null references expert (id) on delete cascade,
  assigned_by text not null,
  assigned_at timestamptz not null default now(),
  primary key (request_id, expert_id)
);

-- Fees paid are bookkeeping records and outlive the register entry (kept 10 years by the
-- Accounting Act); they keep only the payee's name, not contact details.
create table participant_fee (
  id int generated always as identity primary key,
  expert_id int references expert (id) on delete set null,
  request_id int references expert_request (id),
  payee_name text not null,
  amount_cents int not null check (amount_cents > 0),
  paid_on date not null,
  recorded_by text not null,
  created_at timestamptz not null default now()
);

-- Development projects and the customers who represent customers in them (at least two).
create table dev_project (
  id int generated always as identity primary key,
  node_id int not null references org_node (id),
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  status text not null default 'planned' check (status in ('planned', 'running', 'done')),
  starts_on date,
  ends_on date,
  -- what changed because customers took part
  outcome text not null default '',
  created_at timestamptz not null default now()
);

create table dev_project_representative (
  id int generated always as identity primary key,
  project_id int not null references dev_project (id),
  source text not null check (source in ('pool', 'council', 'expert')),
  pool_member_id bigint references pool_member (id) on delete set null,
  council_member_id bigint references council_member (id) on delete set null,
  expert_id int references expert (id) on delete set null,
  role text not null default '',
  joined_on date not null default current_date
);
create index dev_project_representative_project on dev_project_representative (project_id);
