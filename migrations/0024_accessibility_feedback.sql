-- Feedback on the accessibility of a digital service (Act on the Provision of Digital Services
-- 306/2019): answered within 14 days by law, so it carries its own deadline and is marked.
alter table feedback add column accessibility boolean not null default false;
insert into setting (key, value) values ('feedback_accessibility_days', '14') on conflict (key) do nothing;
