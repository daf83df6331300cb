-- SMS answers that cannot be joined back to the patient (issue 18), to the same standard as the
-- resident pool: no path from a stored answer to a visit, a conversation, a phone number or an
-- event id.

-- A visit is known by a keyed hash of its sending system and event id: enough to take the same
-- event once, and nothing to look a patient up by. The identifying fields are cleared once the
-- visit is decided (asked or skipped), and visits are deleted after 30 days.
alter table visit add column event_key text;
update visit set event_key = encode(sha256(convert_to(
  (select value #>> '{}' from setting where key = 'sms_hash_key') || '|' || source || '|' || event_id, 'UTF8')), 'hex');
alter table visit alter column event_key set not null;
create unique index visit_event_key on visit (event_key);
alter table visit drop constraint visit_source_event_id_key;
alter table visit alter column source drop not null;
alter table visit alter column event_id drop not null;
alter table visit alter column visit_at drop not null;
alter table visit alter column unit_code drop not null;
update visit set source = null, event_id = null;
update visit set visit_at = null, age = null, language = null, call_type = null, background = '{}', phone = null, phone_hash = null,
                 unit_code = null, send_after = null, send_before = null
 where status in ('requested', 'skipped');

-- Requests sent and answered, by unit, survey and day (Helsinki): the response rate outlives the
-- conversations, which are deleted once their answers are stored.
create table sms_request_day (
  node_id int not null references org_node (id),
  survey_id text not null,
  day date not null,
  sent int not null default 0,
  answered int not null default 0,
  primary key (node_id, survey_id, day)
);
insert into sms_request_day (node_id, survey_id, day, sent, answered)
select node_id, survey_id, (started_at at time zone 'Europe/Helsinki')::date, count(*),
       count(*) filter (where exists (select 1 from jsonb_each(answers) a where a.value <> 'null'::jsonb))
from sms_conversation group by 1, 2, 3;

-- A conversation forgets its visit and number when it ends; what was answered waits there (with
-- no link to anyone) until a batch stores it, then the conversation is deleted.
alter table sms_conversation alter column visit_id drop not null;
alter table sms_conversation alter column answers drop not null;
alter table sms_conversation add column answered boolean not null default false;
update outbox_sms set conversation_id = null where conversation_id in (select id from sms_conversation where status <> 'active');
delete from sms_conversation where status <> 'active';

-- Answers stored before this carried the conversation's id in their idempotency key.
update response set idempotency_key = 'sms:' || gen_random_uuid() where idempotency_key like 'sms:conversation:%';

-- Each inbound message id is remembered only as long as a gateway might send it again, and with
-- no number or time of its own.
alter table sms_inbound alter column phone_hash drop not null;
alter table sms_inbound alter column received_at drop not null;
update sms_inbound set phone_hash = null, received_at = null;

-- The frequency rule and stops need only the day.
update sms_recipient set last_request_at = date_trunc('day', last_request_at), opted_out_at = date_trunc('day', opted_out_at);

-- Sent messages of ended conversations keep no number.
update outbox_sms set to_number = '' where conversation_id is null and kind in ('sms_survey', 'sms_stopped') and (sent_at is not null or kept_at is not null);

-- Visits are kept 30 days.
delete from visit where received_at < now() - interval '30 days' and id not in (select visit_id from sms_conversation where visit_id is not null);
