import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { hashPassword } from '../access/password.ts';
import type { Role } from '../access/roles.ts';
import { demoCountyCsv } from './demo-county.ts';
import { importOrgTree } from './import-org-tree.ts';
import { seedDemoAnswers } from '../surveys/demo-answers.ts';
import { seedDemoFeedback } from '../feedback/demo-feedback.ts';
import { seedDemoActions } from '../actions/demo-actions.ts';
import { seedDemoParticipation } from '../participation/demo-participation.ts';

export const demoPassword = 'demo';

/** One account per role, each scoped as such a person would be in a real county. */
export const demoAccounts: { username: Role; displayName: string; node: string; nodes?: string[] }[] = [
  { username: 'admin', displayName: 'Asiakaslähtöisyystiimi (demo)', node: 'DEMO' },
  { username: 'manager', displayName: 'Terveydenhuollon johtaja (demo)', node: 'TER' },
  { username: 'handler', displayName: 'Palautteenkäsittelijä, Porvoo (demo)', node: 'TER-VAS' },
  { username: 'professional', displayName: 'Ammattilainen (demo)', node: 'TER-VAS' },
  { username: 'analyst', displayName: 'Analyytikko (demo)', node: 'DEMO' },
  { username: 'coordinator', displayName: 'Osallisuuskoordinaattori (demo)', node: 'DEMO' },
];

/**
 * Seeds the demo county, its logins, collection points and answers on an empty database (and,
 * with `feedback`, a year of free-form feedback; with `answers: false` only the tree and the
 * sign-ins); does nothing otherwise. Everything is dated
 * relative to `now` (Kaiku's clock unless given), so the same reference date gives the same county.
 */
export async function seedDemoIfEmpty(db: Db, opts: { feedback?: boolean; answers?: boolean; now?: Date } = {}): Promise<boolean> {
  if (!(await seedDemoOrganisation(db))) return false;
  if (opts.answers !== false) await seedDemoContent(db, opts);
  return true;
}

/**
 * The demo county's tree and sign-ins on an empty database (quick: the server seeds these before
 * it listens, and the rest, seedDemoContent, once it answers). Returns false if there was a tree.
 * Until the content is in, the setting demo_content says 'pending'.
 */
export async function seedDemoOrganisation(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from org_node');
  if ((row?.n ?? 0) > 0) return false;
  await importOrgTree(db, { csv: demoCountyCsv(), source: 'demo' });
  const hash = await hashPassword(demoPassword);
  for (const a of demoAccounts) {
    // The short demo password skips the length rule on purpose: it exists only in demo mode.
    await db.query(
      `insert into staff_user (username, display_name, email, password_hash) values ($1, $2, $3, $4) on conflict (username) do nothing`,
      // .invalid never reaches anyone: in demo mode mail waits in the development outbox
      [a.username, a.displayName, `${a.username}@demo.kaiku.invalid`, hash],
    );
    await db.query(
      `insert into role_assignment (user_id, role, node_id)
       select u.id, $2, n.id from staff_user u, org_node n where u.username = $1 and n.code = $3 on conflict do nothing`,
      [a.username, a.username, a.node],
    );
  }
  await db.query(`insert into setting (key, value) values ('demo_content', '"pending"') on conflict (key) do update set value = excluded.value`);
  return true;
}

/** Whether the demo county's answers, participation and feedback are still to be seeded (an earlier start stopped before). */
export async function demoContentPending(db: Db): Promise<boolean> {
  return (await demoStepsDone(db)) !== undefined;
}

/** The parts of the demo content already in (an interrupted start goes on from there); undefined when none is pending. */
async function demoStepsDone(db: Db): Promise<string[] | undefined> {
  const [row] = await db.query<{ value: unknown }>("select value from setting where key = 'demo_content'");
  if (!row) return undefined;
  return Array.isArray(row.value) ? row.value.map(String) : [];
}

async function demoStep(db: Db, done: string[], step: string, seed: () => Promise<unknown>): Promise<void> {
  if (done.includes(step)) return;
  await seed();
  done.push(step);
  await db.query("update setting set value = $1 where key = 'demo_content'", [JSON.stringify(done)]);
}

/** The demo county's answers and participation, and with `feedback` a year of feedback and its actions. */
export async function seedDemoContent(db: Db, opts: { feedback?: boolean; now?: Date } = {}): Promise<void> {
  const now = opts.now ?? clock.now();
  // Each part once, even when a start was stopped half-way: the answers are idempotent, the rest
  // would be added twice. Participation is one short transaction; the feedback's 400 statements
  // are not (on the embedded database a transaction holds every request), so only a stop within
  // that second could leave some twice.
  const done = (await demoStepsDone(db)) ?? [];
  await demoStep(db, done, 'answers', () => seedDemoAnswers(db, { now }));
  await demoStep(db, done, 'participation', () => db.transaction((tx) => seedDemoParticipation(tx, now)));
  if (opts.feedback) {
    await demoStep(db, done, 'feedback', () => seedDemoFeedback(db, 400, now));
    await demoStep(db, done, 'actions', () => seedDemoActions(db, now));
  }
  await db.query("delete from setting where key = 'demo_content'");
}
