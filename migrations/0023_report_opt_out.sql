-- Every manager gets their node's monthly report without asking; one who does not want it says so
-- here. (report_subscription stays: anyone who may read a node can also ask for its report.)
create table report_opt_out (
  user_id int not null references staff_user (id) on delete cascade,
  node_id int not null references org_node (id),
  created_at timestamptz not null default now(),
  primary key (user_id, node_id)
);
comment on table report_opt_out is 'Owner: reports';
