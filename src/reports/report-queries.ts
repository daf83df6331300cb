import type { OrgNode } from '../organisation/node.ts';
import { type Db, maybeOne } from '../shared/db.ts';

/** The node and period of a made report, for the permission check before its file is sent. */
export async function reportJob(db: Db, id: string): Promise<{ node_id: number; period: string } | undefined> {
  return maybeOne<{ node_id: number; period: string }>(db, 'select node_id, period from report_job where id = $1', [id]);
}

/** A report's PDF in one language, if it has been made. */
export async function reportPdf(db: Db, id: string, lang: string): Promise<Buffer | undefined> {
  const file = await maybeOne<{ pdf: Buffer }>(db, 'select pdf from report_file where job_id = $1 and lang = $2', [id, lang]);
  return file ? Buffer.from(file.pdf) : undefined;
}

/** Starts or stops the person's monthly report of a node; stopping also opts a manager out of the report they get by default. */
export async function setSubscription(db: Db, userId: number, nodeId: number, on: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    if (on) {
      await tx.query('insert into report_subscription (user_id, node_id) values ($1, $2) on conflict do nothing', [userId, nodeId]);
      await tx.query('delete from report_opt_out where user_id = $1 and node_id = $2', [userId, nodeId]);
    } else {
      await tx.query('delete from report_subscription where user_id = $1 and node_id = $2', [userId, nodeId]);
      await tx.query('insert into report_opt_out (user_id, node_id) values ($1, $2) on conflict do nothing', [userId, nodeId]);
    }
  });
}

export interface ReportRun {
  id: string;
  period: string;
  status: string;
  attempts: number;
  last_error: string | null;
  node: OrgNode;
  langs: string[] | null;
}

/** The runs of the latest period, failed first, with the languages made so far. */
export async function latestReportRuns(db: Db): Promise<ReportRun[]> {
  return db.query<ReportRun>(
    `select j.id, j.period, j.status, j.attempts, j.last_error, to_jsonb(n) as node,
            (select array_agg(lang order by lang) from report_file f where f.job_id = j.id) as langs
     from report_job j join org_node n on n.id = j.node_id
     where j.period = (select max(period) from report_job)
     order by j.status <> 'failed', n.name_fi`,
  );
}

/** Queues a report again from its first attempt; false when there is no such report. */
export async function rerunReport(db: Db, id: string): Promise<boolean> {
  const rows = await db.query("update report_job set status = 'queued', attempts = 0, due_at = now(), last_error = null where id = $1 returning 1", [id]);
  return rows.length > 0;
}
