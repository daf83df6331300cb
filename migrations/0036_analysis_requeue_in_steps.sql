-- A new analysis version queues the history again in steps of the background job, from where it
-- got to, instead of in one statement inside start-up or a request: requeue_source is what it is
-- queuing ('answer', then 'feedback'; null when done) and requeue_after the last id queued.
alter table analysis_version add column requeue_source text check (requeue_source in ('answer', 'feedback'));
alter table analysis_version add column requeue_after bigint not null default 0;
