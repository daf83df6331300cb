import { clock } from '../shared/clock.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';
import { z } from 'zod';
import type { Db } from '../shared/db.ts';
import { maybeOne, one } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getNodeByCode } from '../organisation/tree-queries.ts';

/** A development project needs at least this many customer representatives before it runs (Kanta-Häme's house of participation). */
export const minRepresentatives = 2;

export interface Project {
  id: number;
  node_code: string;
  node_name: string;
  name: string;
  description: string;
  status: 'planned' | 'running' | 'done';
  starts_on: string | null;
  ends_on: string | null;
  outcome: string;
  representatives: number;
}

export interface Representative {
  id: number;
  source: 'pool' | 'council' | 'expert';
  name: string | null;
  role: string;
  joined_on: string;
}

/** Whom a coordinator can add: pool members willing to take part in projects, current council members, active experts. */
export interface Candidate {
  source: Representative['source'];
  id: number;
  name: string;
}

const optionalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .or(z.literal('').transform(() => undefined));

export const projectInput = z.object({
  name: z.string().trim().min(1).max(200),
  node: z.string().trim().min(1).max(200),
  description: z.string().max(8000).default(''),
  starts_on: optionalDate,
  ends_on: optionalDate,
});

const projectColumns = `p.id, n.code as node_code, n.name_fi as node_name, p.name, p.description, p.status,
  to_char(p.starts_on, 'YYYY-MM-DD') as starts_on, to_char(p.ends_on, 'YYYY-MM-DD') as ends_on, p.outcome,
  (select count(*)::int from dev_project_representative r where r.project_id = p.id) as representatives`;

export async function listProjects(db: Db): Promise<Project[]> {
  return db.query<Project>(
    `select ${projectColumns} from dev_project p join org_node n on n.id = p.node_id order by case p.status when 'running' then 0 when 'planned' then 1 else 2 end, p.id desc`,
  );
}

export async function getProject(db: Db, id: number): Promise<Project> {
  const p = await maybeOne<Project>(db, `select ${projectColumns} from dev_project p join org_node n on n.id = p.node_id where p.id = $1`, [id]);
  if (!p) throw new AppError('not_found', 'No such project');
  return p;
}

export async function createProject(db: Db, input: unknown): Promise<number> {
  const i = projectInput.parse(input);
  const node = await getNodeByCode(db, i.node);
  return (
    await one<{ id: number }>(db, 'insert into dev_project (node_id, name, description, starts_on, ends_on) values ($1, $2, $3, $4, $5) returning id', [
      node.id,
      i.name,
      i.description,
      i.starts_on ?? null,
      i.ends_on ?? null,
    ])
  ).id;
}

/** Who took part; a representative who has since left the register shows without a name. */
export async function projectRepresentatives(db: Db, projectId: number): Promise<Representative[]> {
  return db.query<Representative>(
    `select r.id, r.source, coalesce(pm.project_name, cm.name, e.name) as name, r.role, to_char(r.joined_on, 'YYYY-MM-DD') as joined_on
     from dev_project_representative r
       left join pool_member pm on pm.id = r.pool_member_id
       left join council_member cm on cm.id = r.council_member_id
       left join expert e on e.id = r.expert_id
     where r.project_id = $1 order by r.id`,
    [projectId],
  );
}

export async function representativeCandidates(db: Db): Promise<Candidate[]> {
  return db.query<Candidate>(
    `select 'pool' as source, id::int as id, project_name as name from pool_member where confirmed_at is not null and project_name is not null
     union all select 'council', id::int, name from council_member where left_at is null and term_end >= ($1::timestamptz at time zone 'Europe/Helsinki')::date
     union all select 'expert', id, name from expert where active
     order by 1, 3`,
    [clock.now()],
  );
}

export const representativeInput = z.object({ candidate: z.string().regex(/^(pool|council|expert):\d+$/), role: z.string().max(200).default('') });

export async function addRepresentative(db: Db, projectId: number, input: unknown): Promise<void> {
  const i = representativeInput.parse(input);
  const [source, rawId] = i.candidate.split(':') as [Candidate['source'], string];
  const id = Number(rawId);
  if (!(await representativeCandidates(db)).some((c) => c.source === source && c.id === id)) throw new AppError('invalid', 'project.err.candidate');
  await db.query(
    `insert into dev_project_representative (project_id, source, pool_member_id, council_member_id, expert_id, role, joined_on) values ($1, $2, $3, $4, $5, $6, $7::date)`,
    [projectId, source, source === 'pool' ? id : null, source === 'council' ? id : null, source === 'expert' ? id : null, i.role, helsinkiToday()],
  );
}

export async function removeRepresentative(db: Db, projectId: number, representativeId: number): Promise<void> {
  await db.query('delete from dev_project_representative where id = $1 and project_id = $2', [representativeId, projectId]);
}

export const progressInput = z.object({ status: z.enum(['planned', 'running', 'done']), outcome: z.string().max(8000).default('') });

/** Moves a project on; it cannot run or finish without its customer representatives. */
export async function saveProgress(db: Db, projectId: number, input: unknown): Promise<void> {
  const i = progressInput.parse(input);
  const p = await getProject(db, projectId);
  if (i.status !== 'planned' && p.representatives < minRepresentatives) throw new AppError('invalid', 'project.err.tooFew');
  await db.query('update dev_project set status = $2, outcome = $3 where id = $1', [projectId, i.status, i.outcome]);
}
