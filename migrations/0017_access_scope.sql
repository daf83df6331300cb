-- Every power follows the organisation tree (issue 18).
--
-- An API key acts for the node it was made for and its subtree. Keys made before this by an
-- administrator take that person's highest administrator node (a division administrator's keys
-- stop reaching the whole county); keys made from the command line stay county-wide (null).
alter table api_key add column node_id int references org_node (id);
update api_key k set node_id = (
  select r.node_id from role_assignment r join org_node n on n.id = r.node_id
  where r.user_id = k.created_by and r.role = 'admin'
  order by (n.parent_id is null) desc, r.id limit 1)
where k.created_by is not null;

-- Failed sign-ins per account and address: five wrong passwords from one address lock that
-- address out of that account only, so nobody can lock a known person out from elsewhere.
-- The address is kept as a keyed hash, and only for a day.
create table sign_in_failure (
  id bigint generated always as identity primary key,
  username text not null,
  address_hash text not null,
  at timestamptz not null
);
create index sign_in_failure_account on sign_in_failure (username, address_hash, at);
