-- A picture shown with a survey question (its alternative text lives in the question). Kept by the
-- sha256 of its bytes: the same picture uploaded twice is one row, and its address never changes.
create table survey_image (
  id text primary key check (id ~ '^[0-9a-f]{64}$'),
  content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp')),
  bytes bytea not null check (octet_length(bytes) <= 2097152),
  created_at timestamptz not null default now()
);
comment on table survey_image is 'Owner: surveys';
