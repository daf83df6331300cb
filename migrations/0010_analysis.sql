-- Text analysis: the county's topic taxonomy, the versions of the analysis (taxonomy and
-- model together), and one analysis per open answer and per free-form feedback.

create table analysis_topic (
  key text primary key check (key ~ '^[a-z0-9_]{1,40}$'),
  -- {"fi": "...", "sv": "...", "en": "..."}
  name jsonb not null,
  description text not null default '',
  -- {"fi": ["ajanvarau", ...], "sv": [...], "en": [...]}: word beginnings, compound parts, phrases
  keywords jsonb not null,
  active boolean not null default true,
  position int not null default 0,
  updated_at timestamptz not null default now()
);

-- Every change of the taxonomy or of the provider starts a new version; everything is
-- analysed again under it, and reports say which version their topics come from.
create table analysis_version (
  id int generated always as identity primary key,
  created_at timestamptz not null default now(),
  created_by text not null,
  reason text not null,
  provider text not null,
  taxonomy jsonb not null,
  -- texts queued when it started, for the progress of re-analysis
  queued int not null default 0
);

-- Texts waiting for analysis: every new answer and feedback (by trigger, so nothing is missed
-- however it arrives), and the whole history again when a new version starts. The job leases
-- a batch (due_at moves ahead), analyses it outside any transaction, then stores the results
-- and deletes the rows together; a crashed worker's lease runs out and the texts are due again.
create table analysis_queue (
  source text not null check (source in ('answer', 'feedback')),
  source_id bigint not null,
  due_at timestamptz not null default now(),
  primary key (source, source_id)
);
create index analysis_queue_due on analysis_queue (due_at);

-- answers with at least one open question answered; the rest have nothing to analyse
create view answer_with_text as
  select r.id from response r
  join survey_version sv on sv.survey_id = r.survey_id and sv.version = r.survey_version
  where exists (
    select 1 from jsonb_array_elements(sv.definition -> 'questions') q
    where q ->> 'type' = 'open' and length(trim(coalesce(r.answers ->> (q ->> 'key'), ''))) > 0);

create function queue_answers_for_analysis() returns trigger language plpgsql as $$
begin
  insert into analysis_queue (source, source_id)
    select 'answer', a.id from answer_with_text a where a.id in (select id from inserted)
  on conflict do nothing;
  return null;
end $$;
create trigger response_analysis after insert on response referencing new table as inserted
  for each statement execute function queue_answers_for_analysis();

create function queue_feedback_for_analysis() returns trigger language plpgsql as $$
begin
  insert into analysis_queue (source, source_id) select 'feedback', i.id from inserted i on conflict do nothing;
  return null;
end $$;
create trigger feedback_analysis after insert on feedback referencing new table as inserted
  for each statement execute function queue_feedback_for_analysis();

insert into analysis_queue (source, source_id) select 'answer', id from answer_with_text;
insert into analysis_queue (source, source_id) select 'feedback', id from feedback;

-- One text: an open answer (source_id = response id, question = its question id) or a
-- free-form feedback (question = ''). The masked text is what reports show; the original
-- stays in response / feedback where only those with the right read it.
create table text_analysis (
  source text not null check (source in ('answer', 'feedback')),
  source_id bigint not null,
  question text not null default '',
  node_id int not null references org_node (id),
  at timestamptz not null,
  version_id int not null references analysis_version (id),
  provider text not null,
  language text not null check (language in ('fi', 'sv', 'en')),
  tone text not null check (tone in ('positive', 'negative', 'neutral', 'mixed')),
  tone_confidence real not null,
  -- [{"key": "phone", "confidence": 0.8}]
  topics jsonb not null,
  masked text not null,
  analysed_at timestamptz not null default now(),
  primary key (source, source_id, question)
);
create index text_analysis_node_time on text_analysis (node_id, at);
