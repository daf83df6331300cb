-- Owner: identity. The county's provider creates, changes and deactivates staff accounts and
-- groups through SCIM 2.0 before anyone signs in (issue 20).
--
-- The provider's own id for the person (Entra's objectId), by which the account is found again
-- and tied to the first OpenID sign-in.
-- An account the provider deleted keeps its row (handling notes and the audit log point at it) but
-- is gone from SCIM and can no longer sign in.
alter table staff_user add column scim_external_id text, add column scim_deleted_at timestamptz;
create unique index staff_user_scim_external_id on staff_user (scim_external_id) where scim_external_id is not null;

-- Groups as the provider sends them. Their id or name is a claim value in the county's mapping, so
-- a member gets the mapped roles without waiting for a sign-in.
create table scim_group (
  id int generated always as identity primary key,
  external_id text unique check (length(external_id) between 1 and 200),
  display_name text not null check (length(display_name) between 1 and 256),
  created_at timestamptz not null default now()
);
comment on table scim_group is 'Owner: identity';

create table scim_group_member (
  group_id int not null references scim_group (id) on delete cascade,
  user_id int not null references staff_user (id) on delete cascade,
  primary key (group_id, user_id)
);
comment on table scim_group_member is 'Owner: identity';
create index scim_group_member_user on scim_group_member (user_id);

-- Grants from group membership ('scim') are set by provisioning; a sign-in resets only its own.
alter table role_assignment drop constraint role_assignment_source_check;
alter table role_assignment add constraint role_assignment_source_check check (source in ('manual', 'provider', 'scim'));
