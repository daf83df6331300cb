-- A survey other than the county's default for one kind of visit in one part of the organisation
-- (a rescue department asks its own survey): [{"node": id, "type": "visit", "survey": "pelastus"}].
-- The nearest node above a visit's unit wins.
insert into setting (key, value) values ('sms_survey_overrides', '[]') on conflict (key) do nothing;
