-- The strategic customer journey (South Karelia sote-centre handbook): seven stages, each with
-- its critical points and the THL statements that read it. Answers carry their stage as the
-- background variable journeyStage, set by the collection point or by the survey's own stage.
create table journey_stage (
  key text primary key,
  position int not null,
  name jsonb not null,
  critical_points jsonb not null default '{}',
  statements text[] not null default '{}',
  updated_by text not null default 'system',
  updated_at timestamptz not null default now()
);

-- A survey asked at one stage of the journey tags every answer to it with that stage, unless
-- the collection point says otherwise.
alter table survey add column journey_stage text references journey_stage (key);

insert into journey_stage (key, position, name, critical_points, statements) values
('before_contact', 1,
 '{"fi": "Ennen yhteydenottoa", "sv": "Före kontakten", "en": "Before contact"}',
 '{"fi": "Tietoa palveluista, asiointitavoista sekä asiakkaalle kuuluvista oikeuksista.", "sv": "Information om tjänsterna, sätten att uträtta ärenden och kundens rättigheter.", "en": "Information about services, ways to get in touch and the customer''s rights."}',
 '{availability,understandability}'),
('contact', 2,
 '{"fi": "Yhteydenoton käsittely", "sv": "Hantering av kontakten", "en": "Handling the contact"}',
 '{"fi": "Hoitoon pääseminen ja aikojen saaminen riittävän nopeasti; päivystyksen kuormittuminen, kun vastaanottoaikoja ei ole.", "sv": "Att få vård och tider tillräckligt snabbt; jouren belastas när mottagningstider saknas.", "en": "Getting care and appointments quickly enough; the emergency department fills up when there are no appointments."}',
 '{availability,encounter}'),
('needs_assessment', 3,
 '{"fi": "Palvelutarpeen arviointi", "sv": "Bedömning av servicebehovet", "en": "Assessing the service need"}',
 '{"fi": "Tiedonsiirto asiakkaalta asiantuntijalle, esim. tarpeen tunnistaminen, kun asiakkaan on vaikea ilmaista itseään.", "sv": "Informationen från kunden till experten, t.ex. att känna igen behovet när kunden har svårt att uttrycka sig.", "en": "Information from the customer to the professional, e.g. recognising the need when the customer finds it hard to express it."}',
 '{encounter,participation}'),
('service_planning', 4,
 '{"fi": "Palvelukokonaisuuden suunnittelu", "sv": "Planering av servicehelheten", "en": "Planning the service package"}',
 '{"fi": "Tiedonsiirto asiantuntijalta asiantuntijalle, esim. erimielisyydet potilaan hoidossa.", "sv": "Informationen mellan experter, t.ex. oenighet om patientens vård.", "en": "Information between professionals, e.g. disagreements about the patient''s care."}',
 '{participation,information}'),
('service_organising', 5,
 '{"fi": "Palvelujen järjestäminen", "sv": "Organisering av tjänsterna", "en": "Organising the services"}',
 '{"fi": "Tiedonsiirto järjestelmiin, esim. asiakkaan opastaminen tietojen tarkastelussa.", "sv": "Informationen till systemen, t.ex. att handleda kunden att se sina uppgifter.", "en": "Information into the systems, e.g. guiding the customer to view their records."}',
 '{information,availability}'),
('service_delivery', 6,
 '{"fi": "Palvelujen toteutus", "sv": "Genomförande av tjänsterna", "en": "Delivering the services"}',
 '{"fi": "Tiedonsiirto asiakkaalle, omaisille tai läheisille, esim. asiakkaan pitäminen ajan tasalla ja ohjeistaminen.", "sv": "Informationen till kunden och de anhöriga, t.ex. att hålla kunden uppdaterad och ge anvisningar.", "en": "Information to the customer and their family, e.g. keeping them up to date and instructing them."}',
 '{safety,usefulness,understandability}'),
('follow_up', 7,
 '{"fi": "Palvelutarpeen seuranta ja arviointi", "sv": "Uppföljning och utvärdering", "en": "Follow-up and evaluation"}',
 '{"fi": "Asiakkaan riittävä ohjeistaminen ja tukeminen omahoidossa; tiedonsiirto asiantuntijan vaihtuessa.", "sv": "Tillräckliga anvisningar och stöd för egenvården; informationen när experten byts.", "en": "Enough instruction and support for self-care; information when the professional changes."}',
 '{information,usefulness}');
