-- Local codes a patient system uses for its units, mapped to Kaiku's organisation nodes. A FHIR
-- Encounter names its unit by a SOTE organisation register OID (Kaiku's node code) or by a local
-- code (an identifier system and value, or a Location/Organization id); the second kind is looked
-- up here. An empty system matches the value under any system.
create table fhir_code_map (
  system text not null default '' check (length(system) <= 500),
  code text not null check (length(code) between 1 and 200),
  node_id int not null references org_node (id) on delete cascade,
  primary key (system, code)
);
comment on table fhir_code_map is 'Owner: fhir';
