import type { Db } from '../shared/db.ts';

const day = 86_400_000;
const date = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A few development actions in the demo county's Porvoo area, at each stage: one that was done and
 * held (told to residents), one done and waiting for its follow-up, one under way, one late. Each
 * links the demo feedback that speaks of the same matter.
 */
export async function seedDemoActions(db: Db, now: Date): Promise<void> {
  const [owner] = await db.query<{ id: number }>("select id from staff_user where username = 'handler'");
  const [lead] = await db.query<{ id: number }>("select id from staff_user where username = 'manager'");
  const [area] = await db.query<{ id: number }>("select id from org_node where code = 'TER-VAS'");
  if (!owner || !lead || !area) return;
  const at = (days: number) => new Date(now.getTime() + days * day);
  const actions = [
    {
      title: 'Takaisinsoitot iltapäivisin',
      finding: 'Iltapäivän takaisinsoittopyynnöt siirtyivät seuraavaan päivään, koska vuorossa oli yksi hoitaja.',
      plan: 'Toinen hoitaja takaisinsoittoihin klo 12–16 ja jonon seuranta päivittäin.',
      summary: 'Takaisinsoittoihin on nyt iltapäivisin kaksi hoitajaa, joten soitto tulee saman päivän aikana.',
      status: 'done',
      outcome: 'resolved',
      opened: -150,
      due: -120,
      followUp: -30,
      like: '%takaisin%',
    },
    {
      title: 'Ajanvarauksen verkkolomake',
      finding: 'Verkkoajanvaraus ei näyttänyt vapaita aikoja mobiilissa.',
      plan: 'Korjaus toimittajalta ja ohje puhelinpalveluun siihen asti.',
      summary: 'Verkkoajanvaraus toimii nyt myös puhelimella.',
      status: 'done',
      outcome: null,
      opened: -60,
      due: -20,
      followUp: 10,
      like: '%Ajanvaraus verkossa%',
    },
    {
      title: 'Odotusaulan lämpötila',
      finding: 'Ulko-ovi jää auki, ja aula jäähtyy.',
      plan: 'Ovelle automaattinen sulkija ja lämpöverho kiinteistön kanssa.',
      summary: null,
      status: 'in_progress',
      outcome: null,
      opened: -20,
      due: 25,
      followUp: 90,
      like: '%kylmä%',
    },
    {
      title: 'Leikkauksen jälkeiset kotihoito-ohjeet',
      finding: 'Kirjalliset ohjeet olivat ristiriidassa suullisten kanssa.',
      plan: 'Ohjeet yhtenäistetään ja luetutetaan potilailla ennen julkaisua.',
      summary: null,
      status: 'planned',
      outcome: null,
      opened: -40,
      due: -5,
      followUp: 60,
      like: '%Ohjeet leikkauksen%',
    },
  ];
  for (const a of actions) {
    const finished = a.status === 'done';
    const [row] = await db.query<{ id: number }>(
      `insert into improvement_action (node_id, title, finding, plan, owner_id, due_on, follow_up_on, status, outcome, public_summary,
                                       created_by, created_at, updated_at, done_at, followed_up_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14) returning id`,
      [
        area.id,
        a.title,
        a.finding,
        a.plan,
        owner.id,
        date(at(a.due)),
        date(at(a.followUp)),
        a.status,
        a.outcome,
        a.summary,
        lead.id,
        at(a.opened),
        finished ? at(a.due - 3) : null,
        a.outcome ? at(a.followUp) : null,
      ],
    );
    await db.query(
      `insert into improvement_action_feedback (action_id, feedback_id)
       select $1, f.id from feedback f join org_node n on n.id = f.target_node_id
       where n.parent_id = $2 and f.text like $3 and f.received_at < $4 order by f.id limit 3`,
      [row!.id, area.id, a.like, at(a.opened)],
    );
    await db.query("insert into improvement_action_event (action_id, at, actor, kind) values ($1, $2, 'manager', 'opened')", [row!.id, at(a.opened)]);
  }
}
