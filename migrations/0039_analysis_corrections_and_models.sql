-- The county teaches the analyser: a handler or analyst corrects a text's tone and topics, the
-- correction outlives every re-analysis, and an administrator retrains the tone model from the
-- shipped data and the corrections. Nothing here leaves the county's database.

-- One correction a text (the same key as text_analysis). A null tone or topics leaves that part
-- to the analyser. The masked text is kept for retraining: the original stays where it was.
create table analysis_correction (
  source text not null check (source in ('answer', 'feedback')),
  source_id bigint not null,
  question text not null default '',
  tone text check (tone in ('positive', 'negative', 'neutral', 'mixed')),
  -- ["phone", "access"]
  topics jsonb,
  language text not null check (language in ('fi', 'sv', 'en')),
  masked text not null,
  corrected_by text not null,
  corrected_at timestamptz not null default now(),
  primary key (source, source_id, question)
);
comment on table analysis_correction is 'Owner: analysis';

-- A retraining of the tone model: asked for, trained by the analysis job with its progress, then
-- accepted (the county's model from now on; a new analysis version) or rejected because it scored
-- lower on the held-out texts than the model in use. Weights are kept only for accepted models.
create table tone_model (
  id int generated always as identity primary key,
  requested_by text not null,
  requested_at timestamptz not null default now(),
  status text not null default 'queued' check (status in ('queued', 'training', 'accepted', 'rejected', 'failed')),
  phase text,
  done int not null default 0,
  total int not null default 0,
  started_at timestamptz,
  finished_at timestamptz,
  corrections int,
  -- {"macroF1": 0.71, "perLanguage": {"fi": …, "sv": …, "en": …}, "n": 539}
  before_scores jsonb,
  after_scores jsonb,
  weights bytea,
  digest text,
  message text
);
create index tone_model_accepted on tone_model (id) where status = 'accepted';
comment on table tone_model is 'Owner: analysis';
