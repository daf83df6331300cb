import { reportRecipientsCte } from './report-recipients.ts';
import type { SignedInUser } from '../http/context.ts';
import { resultGrants } from '../access/permissions.ts';
import { analysedTexts } from '../analysis/texts-query.ts';
import { listTopics } from '../analysis/taxonomy.ts';
import type { OrgNode } from '../organisation/node.ts';
import type { Db } from '../shared/db.ts';
import type { Lang } from '../shared/i18n/index.ts';
import { localise } from '../surveys/definition.ts';
import type { PortalQuery } from './portal-query.ts';
import { surveyResults } from './results-query.ts';

/** The nodes a person may open in the portal, for the node picker. */
async function pickableNodes(db: Db, user: SignedInUser): Promise<OrgNode[]> {
  const ids = resultGrants(user).map((g) => g.nodeId);
  if (!ids.length) return [];
  return db.query<OrgNode>(
    `with recursive sub as (select id from org_node where id = any($1) union select c.id from org_node c join sub on c.parent_id = sub.id)
     select n.* from org_node n join sub on sub.id = n.id where n.active order by n.name_fi`,
    [ids],
  );
}

/** The node, period and filter choices a portal page offers: the nodes the person may open, the surveys and the versions. */
export async function filterOptions(db: Db, user: SignedInUser, q: PortalQuery, lang: Lang) {
  const surveys = await db.query<{ id: string; name: Record<string, string> }>('select id, name from survey order by builtin desc, id');
  return {
    nodes: await pickableNodes(db, user),
    surveys: surveys.map((s) => ({ id: s.id, name: localise(s.name, lang) })),
    versions: (await db.query<{ version: number }>('select version from survey_version where survey_id = $1 order by version', [q.filters.survey])).map(
      (r) => r.version,
    ),
  };
}

export type FilterOptions = Awaited<ReturnType<typeof filterOptions>>;

/** How far behind a read replica is, in seconds. */
export async function replicaLag(db: Db): Promise<number | null> {
  return (await db.query<{ lag: number | null }>('select extract(epoch from now() - pg_last_xact_replay_timestamp())::int as lag'))[0]?.lag ?? null;
}

/** Whether the person gets the node's monthly report. */
export async function isSubscribed(db: Db, userId: number, nodeId: number): Promise<boolean> {
  return (await db.query(`with ${reportRecipientsCte} select 1 from recipients where user_id = $1 and node_id = $2`, [userId, nodeId])).length > 0;
}

export interface PortalTexts {
  node: OrgNode;
  threshold: number;
  /** Enough answers to show texts at all. */
  allowed: boolean;
  total: number;
  texts: Awaited<ReturnType<typeof analysedTexts>>['texts'];
  topicNames: Map<string, string>;
  pageSize: number;
}

/** A page of a node's analysed texts, shown only when the node has enough answers in the period. */
export async function portalTexts(db: Db, user: SignedInUser, node: OrgNode, q: PortalQuery, lang: Lang): Promise<PortalTexts> {
  // only the answer count is needed here: enough answers, or no texts at all
  const counted = await surveyResults(db, user, {
    survey: q.filters.survey,
    version: q.filters.version,
    channel: q.filters.channel,
    background: q.filters.background,
    node: node.code,
    from: q.period.from,
    to: q.period.to,
  });
  const pageSize = 50;
  const allowed = (counted.groups[0]?.answers ?? 0) >= counted.threshold;
  const { total, texts } = allowed
    ? await analysedTexts(db, node, q.period.from, q.period.to, { topic: q.topic, tone: q.tone, limit: pageSize, offset: (q.page - 1) * pageSize })
    : { total: 0, texts: [] };
  const topicNames = new Map((await listTopics(db)).map((x) => [x.key, x.name[lang] ?? x.key]));
  return { node, threshold: counted.threshold, allowed, total, texts, topicNames, pageSize };
}
