-- Owner: identity. Staff who sign in with the county's OpenID provider (issue 20).
--
-- A provider account is keyed by issuer + subject; it has no password in Kaiku.
alter table staff_user add column oidc_issuer text, add column oidc_subject text;
create unique index staff_user_oidc on staff_user (oidc_issuer, oidc_subject) where oidc_subject is not null;

-- Grants set from the provider's claims at every sign-in ('provider') are kept apart from grants
-- made by hand in Kaiku ('manual'), which a sign-in never touches.
alter table role_assignment add column source text not null default 'manual' check (source in ('manual', 'provider'));

-- Which claim value (an Entra app role, a Keycloak role, a group id) gives which role where.
create table oidc_role_mapping (
  id int generated always as identity primary key,
  claim_value text not null check (length(claim_value) between 1 and 200),
  role text not null,
  node_id int not null references org_node (id),
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (claim_value, role, node_id)
);
comment on table oidc_role_mapping is 'Owner: identity';

-- A sign-in under way: bound to the browser that started it by a cookie whose hash is the key,
-- used once, and gone after ten minutes.
create table oidc_pending_login (
  cookie_hash text primary key,
  state text not null,
  nonce text not null,
  code_verifier text not null,
  next text not null,
  created_at timestamptz not null
);
comment on table oidc_pending_login is 'Owner: identity';

-- The provider's session id, so that its back-channel logout ends exactly that Kaiku session.
alter table staff_session add column oidc_sid text;
create index staff_session_oidc_sid on staff_session (oidc_sid) where oidc_sid is not null;
