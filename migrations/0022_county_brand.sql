-- The county's look on the public pages: its logo beside its name, and where the name leads
-- (the county's own website). One row; without it the pages show the name and lead to the form.
create table county_brand (
  id int primary key default 1 check (id = 1),
  logo bytea check (octet_length(logo) <= 204800),
  logo_type text check (logo_type in ('image/png', 'image/svg+xml')),
  home_url text check (home_url ~ '^https://'),
  updated_at timestamptz not null default now(),
  updated_by text not null,
  check ((logo is null) = (logo_type is null))
);
comment on table county_brand is 'Owner: organisation';
