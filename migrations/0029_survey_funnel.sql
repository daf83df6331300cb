-- Where respondents drop out, per survey, unit, channel and day: counts only, never who.
-- opened: the first page was shown (not for a waiting-room tablet, whose start page waits for
-- anyone); started: the first page was answered (SMS: the first reply was read); completed: the
-- answers were sent (SMS: the last question was answered). SMS invitations are sms_request_day.
create table survey_funnel_day (
  survey_id text not null,
  node_id int not null,
  channel text not null,
  day date not null,
  opened int not null default 0,
  started int not null default 0,
  completed int not null default 0,
  primary key (survey_id, node_id, channel, day)
);
comment on table survey_funnel_day is 'Owner: surveys';
