-- Outgoing webhooks (Standard Webhooks): endpoints that other systems register, and a
-- transactional outbox of deliveries filled by triggers, so an event is queued exactly when the
-- change that caused it commits.
create table webhook_endpoint (
  id int generated always as identity primary key,
  url text not null check (url ~ '^https?://'),
  -- "whsec_" + base64 of 32 random bytes: the HMAC-SHA256 key, shown once when created
  secret text not null,
  events text[] not null check (events <@ array['response.created', 'feedback.created', 'feedback.handled']::text[] and cardinality(events) > 0),
  description text not null default '',
  active boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now()
);

create table webhook_delivery (
  id bigint generated always as identity primary key,
  endpoint_id int not null references webhook_endpoint (id) on delete cascade,
  -- the webhook-id header: the same on every retry, so a receiver can drop duplicates
  message_id text not null unique default ('msg_' || replace(gen_random_uuid()::text, '-', '')),
  event_type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  leased_until timestamptz,
  delivered_at timestamptz,
  gave_up_at timestamptz,
  last_status int,
  last_error text
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where delivered_at is null and gave_up_at is null;

-- Answers: anonymous already; open-text answers are left out (they may name people), the rest
-- goes as stored.
create function webhook_response_created() returns trigger language plpgsql as $$
begin
  insert into webhook_delivery (endpoint_id, event_type, payload)
  select e.id, 'response.created', jsonb_build_object(
    'type', 'response.created',
    'timestamp', to_jsonb(now()),
    'data', jsonb_build_object(
      'id', r.id, 'survey', r.survey_id, 'version', r.survey_version, 'unit', n.code, 'channel', r.channel,
      'submittedAt', r.submitted_at, 'background', r.background,
      'answers', r.answers - coalesce((select array_agg(q->>'key') from jsonb_array_elements(sv.definition->'questions') q where q->>'type' = 'open'), '{}'::text[])))
  from new_rows r
  join org_node n on n.id = r.node_id
  join survey_version sv on sv.survey_id = r.survey_id and sv.version = r.survey_version
  cross join webhook_endpoint e
  where e.active and 'response.created' = any(e.events);
  return null;
end $$;
create trigger response_webhook after insert on response referencing new table as new_rows for each statement execute function webhook_response_created();

-- Feedback: the reference, where it went and when; never the text or the contact details.
create function webhook_feedback_event() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into webhook_delivery (endpoint_id, event_type, payload)
    select e.id, 'feedback.created', jsonb_build_object('type', 'feedback.created', 'timestamp', to_jsonb(now()), 'data', jsonb_build_object(
      'reference', f.reference, 'target', n.code, 'channel', f.channel, 'receivedAt', f.received_at, 'dueAt', f.due_at))
    from new_rows f join org_node n on n.id = f.target_node_id cross join webhook_endpoint e
    where e.active and 'feedback.created' = any(e.events) and f.status not in ('suspected_spam', 'spam');
  else
    -- suspected spam found genuine: created for other systems only now
    insert into webhook_delivery (endpoint_id, event_type, payload)
    select e.id, 'feedback.created', jsonb_build_object('type', 'feedback.created', 'timestamp', to_jsonb(now()), 'data', jsonb_build_object(
      'reference', f.reference, 'target', n.code, 'channel', f.channel, 'receivedAt', f.received_at, 'dueAt', f.due_at))
    from new_rows f join old_rows o on o.id = f.id join org_node n on n.id = f.target_node_id cross join webhook_endpoint e
    where e.active and 'feedback.created' = any(e.events) and o.status in ('suspected_spam', 'spam') and f.status not in ('suspected_spam', 'spam');
    insert into webhook_delivery (endpoint_id, event_type, payload)
    select e.id, 'feedback.handled', jsonb_build_object('type', 'feedback.handled', 'timestamp', to_jsonb(now()), 'data', jsonb_build_object(
      'reference', f.reference, 'target', n.code, 'handledAt', f.handled_at, 'effects', to_jsonb(f.effects), 'inTime', f.handled_at <= f.due_at))
    from new_rows f join old_rows o on o.id = f.id join org_node n on n.id = f.target_node_id cross join webhook_endpoint e
    where e.active and 'feedback.handled' = any(e.events) and f.status = 'handled' and o.status <> 'handled';
  end if;
  return null;
end $$;
create trigger feedback_created_webhook after insert on feedback referencing new table as new_rows for each statement execute function webhook_feedback_event();
create trigger feedback_handled_webhook after update on feedback referencing old table as old_rows new table as new_rows for each statement execute function webhook_feedback_event();
