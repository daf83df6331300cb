-- The organisation tree: county -> division -> result area -> unit (-> service).
-- Nodes are never deleted: closing sets active = false, moves and renames are logged
-- in org_node_change, so answers and feedback tied to a node keep their history.
create table org_node (
  id int generated always as identity primary key,
  code text not null unique,
  kind text not null check (kind in ('county', 'division', 'result_area', 'unit', 'service')),
  parent_id int references org_node (id),
  name_fi text not null,
  name_sv text,
  name_en text,
  active boolean not null default true,
  -- lower-case names, codes and ä/ö/å folded, for typeahead in any language
  search_text text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  check (parent_id is null or parent_id <> id)
);
create index org_node_parent on org_node (parent_id);

create table org_node_change (
  id int generated always as identity primary key,
  node_id int not null references org_node (id),
  changed_at timestamptz not null default now(),
  change text not null check (change in ('created', 'updated', 'moved', 'closed', 'reopened')),
  before jsonb,
  after jsonb,
  source text not null
);
create index org_node_change_node on org_node_change (node_id, changed_at);

create table org_import (
  id int generated always as identity primary key,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  source text not null,
  status text not null check (status in ('running', 'done', 'failed')),
  total int not null default 0,
  added int not null default 0,
  changed int not null default 0,
  closed int not null default 0,
  unchanged int not null default 0,
  errors jsonb
);
