-- Each topic belongs to one main class (src/analysis/main-classes.ts), as the county's reports of
-- free-form feedback group them: forms of service (phone, digital…), how smoothly things run,
-- encounter and care, information.
alter table analysis_topic add column main_class text not null default 'services'
  check (main_class in ('services', 'flow', 'care', 'information'));
update analysis_topic set main_class = case key
    when 'booking' then 'flow' when 'access' then 'flow' when 'information_flow' then 'flow' when 'fees' then 'flow'
    when 'encounter' then 'care' when 'competence' then 'care'
    when 'information' then 'information'
    else 'services' end;
