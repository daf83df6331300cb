import { clock } from '../shared/clock.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';
import type { Db } from '../shared/db.ts';
import { prng } from '../shared/prng.ts';
import { sha256 } from '../shared/sha256.ts';
import { poolAgeGroups, poolServices, secret } from './pool.ts';

/**
 * The demo county's participation: sixty confirmed pool members (addresses that reach no one),
 * a customer council with members and an open call, a few experience experts with a request,
 * and a development project with two representatives.
 */
export async function seedDemoParticipation(db: Db, now = clock.now()): Promise<void> {
  const today = helsinkiToday(now);
  const { next: random, pick } = prng(10);
  const municipalities = ['Porvoo', 'Loviisa', 'Sipoo', 'Askola', 'Pornainen'];
  for (let i = 1; i <= 60; i++) {
    const services = poolServices.filter(() => random() < 0.25);
    await db.query(
      `insert into pool_member (email, language, consent_text, confirmed_at, confirm_hash, leave_token, age_group, municipality, services, project_name)
       values ($1, $2, 'demo', $9, $3, $4, $5, $6, $7, $8)`,
      [
        `asukas${i}@demo.kaiku.invalid`,
        i % 7 === 0 ? 'sv' : 'fi',
        sha256(secret()),
        secret(),
        random() < 0.9 ? pick(poolAgeGroups) : null,
        random() < 0.8 ? pick(municipalities) : null,
        services,
        i <= 3 ? `Asukas ${i} (demo)` : null,
        now,
      ],
    );
  }
  // The demo county's adults by age group and municipality, of the size of East Uusimaa's (Statistics Finland 2024, rounded).
  await db.query("update setting set value = $1 where key = 'county_population'", [
    JSON.stringify({
      ageGroups: { '13-17': 6_100, '18-29': 13_200, '30-44': 19_800, '45-64': 27_100, '65-74': 12_400, '75+': 10_300 },
      municipalities: { Porvoo: 51_900, Loviisa: 14_600, Sipoo: 22_400, Askola: 4_900, Pornainen: 5_100 },
    }),
  ]);
  const [council] = await db.query<{ id: number }>(
    `insert into council (node_id, name, description) select id, 'Terveydenhuollon asiakasraati', 'Arvioi ja testaa terveyspalveluja neljä kertaa vuodessa.' from org_node where code = 'TER' returning id`,
  );
  if (!council) return;
  await db.query(
    `insert into council_call (council_id, title, description, opens_on, closes_on)
     values ($1, '{"fi": "Terveydenhuollon asiakasraati 2027–2028", "sv": "Kundrådet för hälso- och sjukvård 2027–2028", "en": "Health care customer council 2027–2028"}',
             '{"fi": "Haemme kuutta uutta jäsentä. Raati kokoontuu neljästi vuodessa; kokouksista maksetaan palkkio."}',
             $2::date - 7, $2::date + 30)`,
    [council.id, today],
  );
  for (const [name, start] of [
    ['Raati Jäsen A (demo)', '2025-01-01'],
    ['Raati Jäsen B (demo)', '2025-01-01'],
    ['Raati Jäsen C (demo)', '2026-01-01'],
  ] as const) {
    await db.query(`insert into council_member (council_id, name, email, term_start, term_end) values ($1, $2, $3, $4, '2027-12-31')`, [
      council.id,
      name,
      `${name.slice(-9, -7).trim().toLowerCase()}@demo.kaiku.invalid`,
      start,
    ]);
  }
  await db.query(
    `insert into council_meeting (council_id, meets_at, place, agenda, minutes) values ($1, $2::timestamptz - interval '40 days', 'Porvoon terveysasema', '1. Ajanvarauksen testaus\n2. Odotustilan opasteet', 'Ajanvarauksen takaisinsoitto koettiin hyväksi; opasteet ovat liian pieniä.')`,
    [council.id, now],
  );
  await db.query(
    `insert into council_evaluation (council_id, node_id, kind, subject, summary) select $1, id, 'tested', 'Takaisinsoittopalvelu', 'Toimii; odotusajan ilmoitus puuttuu.' from org_node where code = 'TER' `,
    [council.id],
  );
  const experts = [
    ['Kokemusasiantuntija Mielenterveys (demo)', '{mental_health,substance_abuse}', 'fee', 'arkipäivät'],
    ['Kokemusasiantuntija Vammaisuus (demo)', '{disability}', 'fee', 'iltapäivät'],
    ['Kehittäjäasiakas Omaishoito (demo)', '{carers,elderly_care}', 'volunteer', 'kerran kuussa'],
  ] as const;
  for (const [name, themes, compensation, availability] of experts) {
    await db.query(`insert into expert (kind, name, email, themes, trained, compensation, availability) values ($1, $2, $3, $4, $5, $6, $7)`, [
      name.startsWith('Kehittäjä') ? 'developer_customer' : 'expert',
      name,
      `${name.split(' ')[1]!.toLowerCase()}@demo.kaiku.invalid`,
      themes,
      compensation === 'fee',
      compensation,
      availability,
    ]);
  }
  await db.query(
    `insert into expert_request (node_id, requester_name, kind, theme, description, wanted_from)
     select id, 'Ammattilainen (demo)', 'training', 'mental_health', 'Henkilöstöpäivän puheenvuoro: millaista on hakea apua mielenterveyteen.', $1::date + 21 from org_node where code = 'TER'`,
    [today],
  );
  const [project] = await db.query<{ id: number }>(
    `insert into dev_project (node_id, name, description, status, starts_on) select id, 'Ajanvarauksen uudistus', 'Yksi numero ja takaisinsoitto kaikille terveysasemille.', 'running', $1::date - 60 from org_node where code = 'TER' returning id`,
    [today],
  );
  await db.query(
    `insert into dev_project_representative (project_id, source, council_member_id, role, joined_on) select $1, 'council', id, 'testaaja', $3::date from council_member where council_id = $2 order by id limit 1`,
    [project!.id, council.id, today],
  );
  await db.query(
    `insert into dev_project_representative (project_id, source, pool_member_id, role, joined_on) select $1, 'pool', id, 'työpaja', $2::date from pool_member where project_name is not null order by id limit 1`,
    [project!.id, today],
  );
}
