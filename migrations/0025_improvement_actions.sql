-- Development actions (seed 001, steps 5–11): from feedback or a result, a manager records what was
-- found, who owns the matter, what will be done and by when, and when to look again; at the
-- follow-up, whether the matter was resolved or came back. Feedback is linked by id only: the
-- action never copies a customer's text or contact details.
create table improvement_action (
  id serial primary key,
  node_id int not null references org_node (id),
  title text not null,
  finding text not null,
  plan text not null,
  owner_id int references staff_user (id),
  due_on date not null,
  follow_up_on date not null,
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'did_not_help')),
  outcome text check (outcome in ('resolved', 'came_back')),
  outcome_note text,
  -- What residents are told once the action is done (the public page "what feedback changed").
  public_summary text,
  -- Opened from a result in the portal: the survey and 'nps' or a statement's key.
  result_survey text,
  result_subject text,
  created_by int references staff_user (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  done_at timestamptz,
  followed_up_at timestamptz,
  due_reminded_at timestamptz,
  follow_up_reminded_at timestamptz
);
create index improvement_action_node on improvement_action (node_id);
create index improvement_action_open on improvement_action (due_on) where status in ('planned', 'in_progress');
create index improvement_action_follow_up on improvement_action (follow_up_on) where outcome is null;

create table improvement_action_feedback (
  action_id int not null references improvement_action (id) on delete cascade,
  feedback_id int not null references feedback (id),
  primary key (action_id, feedback_id)
);
create index improvement_action_feedback_feedback on improvement_action_feedback (feedback_id);

create table improvement_action_event (
  id serial primary key,
  action_id int not null references improvement_action (id) on delete cascade,
  at timestamptz not null,
  actor text not null,
  kind text not null,
  detail jsonb not null default '{}'
);
create index improvement_action_event_action on improvement_action_event (action_id, at);

comment on table improvement_action is 'Owner: actions';
comment on table improvement_action_feedback is 'Owner: actions';
comment on table improvement_action_event is 'Owner: actions';
