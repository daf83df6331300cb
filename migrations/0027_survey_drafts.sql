-- A county survey being written in the editor: kept between sittings and previewed before it is
-- published as a version. Only the latest draft of a survey is kept; publishing removes it.
create table survey_draft (
  id text primary key,
  input jsonb not null,
  updated_by text not null,
  updated_at timestamptz not null default now()
);
comment on table survey_draft is 'Owner: surveys';
