-- A respondent language a county adds (e.g. North Sámi, "se") beside the built-in fi/sv/en: the
-- respondent pages' texts and the translations of surveys' texts, as one language pack. A survey is
-- offered in the language once every text of it exists in it; the translations are applied again
-- when a release publishes a new version of a THL survey.
create table respondent_language (
  code text primary key check (code ~ '^[a-z]{2,3}$' and code not in ('fi', 'sv', 'en')),
  respondent jsonb not null,
  surveys jsonb not null default '{}',
  updated_by text not null,
  updated_at timestamptz not null default now()
);
comment on table respondent_language is 'Owner: surveys';
