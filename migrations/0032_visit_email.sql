-- A visit may carry an e-mail address instead of a phone number: the invitation then goes by e-mail
-- as a one-time link to the web survey. The address is kept only until the invitation is sent or
-- skipped, like the number; phone_hash then holds the keyed hash of "mailto:<address>", so the
-- frequency rule and a refusal (sms_recipient) hold for addresses the same way.
alter table visit add column email text check (length(email) <= 254);

-- The links sent for visits are one-time links like the pool's, in a round per collection point.
alter table pool_round drop constraint pool_round_audience_check;
alter table pool_round add constraint pool_round_audience_check check (audience in ('pool', 'panel', 'staff', 'visit'));

-- E-mail invitations sent, per survey, unit and day: the first step of the e-mail channel's funnel.
alter table survey_funnel_day add column invited int not null default 0;
