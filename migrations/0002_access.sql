-- Staff accounts, role assignments scoped to a node of the tree, sessions, API keys, audit.
create table staff_user (
  id int generated always as identity primary key,
  username text not null unique check (username = lower(username) and length(username) between 2 and 64),
  display_name text not null,
  email text,
  password_hash text,
  locale text not null default 'fi' check (locale in ('fi', 'sv', 'en')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz
);

create table role_assignment (
  id int generated always as identity primary key,
  user_id int not null references staff_user (id) on delete cascade,
  role text not null check (role in ('admin', 'manager', 'handler', 'professional', 'analyst')),
  node_id int not null references org_node (id),
  created_at timestamptz not null default now(),
  unique (user_id, role, node_id)
);

create table staff_session (
  -- sha256 of the cookie value: a stolen database does not hand out live sessions
  id_hash text primary key,
  user_id int not null references staff_user (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index staff_session_user on staff_session (user_id);

create table api_key (
  id int generated always as identity primary key,
  name text not null,
  prefix text not null unique,
  key_hash text not null,
  scopes text[] not null,
  created_by int references staff_user (id),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user_id int references staff_user (id),
  actor text not null,
  action text not null,
  target_type text,
  target_id text,
  details jsonb
);
create index audit_log_at on audit_log (at desc);
create index audit_log_action on audit_log (action, at desc);
