-- A survey round goes to the whole pool, to a panel drawn from it to match the county's population
-- (seed 002), or to the staff of a part of the organisation (the managers' survey, seed 001).
alter table pool_round add column audience text not null default 'pool' check (audience in ('pool', 'panel', 'staff'));
-- the part of the organisation whose staff were invited
alter table pool_round add column node_id int references org_node (id);
-- a panel's fit to the population: shares per age group and municipality, panel beside population
alter table pool_round add column profile jsonb;

-- The county's adult population per age group and municipality, as a coordinator enters it from
-- Statistics Finland's tables; a panel is drawn to match it.
insert into setting (key, value) values ('county_population', '{"ageGroups": {}, "municipalities": {}}') on conflict (key) do nothing;
