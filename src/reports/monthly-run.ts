import { reportRecipientsCte } from './report-recipients.ts';
import { namedRecipients, newSharedLink, sharedLinkDays } from './named-recipients.ts';
import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { formatDate, helsinkiToday } from '../shared/i18n/format.ts';
import { translator, type Lang } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { getNode } from '../organisation/tree-queries.ts';
import { ymd } from './period-presets.ts';
import { monthlyReport, type MonthlyReport } from './monthly-report.ts';
import { monthlyReportPdf } from './report-pdf.ts';

const system = { kind: 'system', name: 'monthly reports' } as const;
const maxAttempts = 3;

/** Easter Sunday (Gregorian, the anonymous algorithm). */
function easter(year: number): string {
  const a = year % 19,
    b = Math.floor(year / 100),
    c = year % 100,
    d = Math.floor(b / 4),
    e = b % 4;
  const f = Math.floor((b + 8) / 25),
    g = Math.floor((b - f + 1) / 3),
    h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4),
    k = c % 4,
    l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return ymd(year, month, ((h + l - 7 * m + 114) % 31) + 1);
}

/** Finnish public holidays that are not always on a weekend anyway. */
function holidays(year: number): Set<string> {
  const e = Date.parse(`${easter(year)}T00:00:00Z`);
  const fromEaster = (days: number) => new Date(e + days * 86_400_000).toISOString().slice(0, 10);
  // Midsummer Eve: the Friday between 19 and 25 June
  const midsummerEve = [19, 20, 21, 22, 23, 24, 25].map((d) => ymd(year, 6, d)).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 5)!;
  return new Set([
    ymd(year, 1, 1),
    ymd(year, 1, 6),
    fromEaster(-2),
    fromEaster(1),
    ymd(year, 5, 1),
    fromEaster(39),
    midsummerEve,
    ymd(year, 12, 6),
    ymd(year, 12, 24),
    ymd(year, 12, 25),
    ymd(year, 12, 26),
  ]);
}

/** The first working day of a month in Finland: not a weekend, not a public holiday. */
export function firstWorkingDay(year: number, month: number): string {
  const off = holidays(year);
  for (let d = 1; ; d++) {
    const day = ymd(year, month, d);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !off.has(day)) return day;
  }
}

/**
 * From the first working day of a month on, one job per node with a recipient (a manager of it who
 * has not opted out, or anyone who subscribed) for the month before
 * (and the quarter and year before, when one has just ended).
 * The job's id names the node and period, so running this again, in another instance or after
 * a restart, adds nothing. Returns how many jobs were added.
 */
export async function scheduleMonthlyReports(db: Db, now = clock.now()): Promise<number> {
  const today = helsinkiToday(now);
  const [y, m] = today.split('-').map(Number) as [number, number];
  if (today < firstWorkingDay(y, m)) return 0;
  // the month before; in January, April, July and October the quarter before; in January the year before
  const periods: [string, string][] = [['monthly', ymd(y, m - 1, 1).slice(0, 7)]];
  if (m % 3 === 1) periods.push(['quarterly', `${m === 1 ? y - 1 : y}-Q${m === 1 ? 4 : (m - 1) / 3}`]);
  if (m === 1) periods.push(['yearly', String(y - 1)]);
  const added = await db.query(
    `with ${reportRecipientsCte}
     insert into report_job (id, period, node_id)
     select p.kind || ':' || p.period || ':' || n.code, p.period, n.id
     from (select distinct node_id from recipients join staff_user u on u.id = recipients.user_id and u.active
           union select id from org_node where parent_id is null and exists (select 1 from report_named_recipient)) s
     join org_node n on n.id = s.node_id
     cross join unnest($1::text[], $2::text[]) as p(kind, period)
     on conflict (id) do nothing
     returning id`,
    [periods.map((p) => p[0]), periods.map((p) => p[1])],
  );
  return added.length;
}

/** The e-mail body: the headline figures readable without opening anything, and the link. */
function emailBody(r: MonthlyReport, link: string): string {
  const t = translator(r.lang);
  const v = r.view;
  const nps = v.headline.suppressed ? t('portal.suppressed') : String(v.headline.nps ?? '–');
  const target = v.npsTarget
    ? v.headline.nps !== null && !v.headline.suppressed && v.headline.nps >= v.npsTarget.value
      ? t('portal.targetMet', { target: v.npsTarget.value })
      : t('portal.targetNotMet', { target: v.npsTarget.value })
    : t('portal.noTarget');
  return [
    t('report.mailIntro', { node: v.name, from: formatDate(v.period.from, r.lang), to: formatDate(v.period.to, r.lang) }),
    '',
    `NPS: ${nps} (${target})`,
    `${t('report.lastMonth')}: ${r.lastMonthNps ?? '–'}`,
    `${t('report.answers')}: ${v.headline.answers}`,
    `${t('portal.countyNps', { county: v.county.name })}: ${v.county.suppressed ? t('portal.suppressed') : (v.county.nps ?? '–')}`,
    `${t('report.feedback')}: ${t('report.feedbackFigures', { received: v.feedback.received, inTime: v.feedback.inTimeShare === null ? '–' : `${Math.round(v.feedback.inTimeShare * 100)} %`, overdue: v.feedback.overdueNow })}`,
    // the topics of survey answers and of free-form feedback, each named as such
    ...(
      [
        ['portal.topics', v.topics],
        ['portal.feedbackTopics', v.feedbackTopics],
      ] as const
    )
      .filter(([, topics]) => topics.length > 0)
      .map(
        ([label, topics]) =>
          `${t(label)}: ${topics
            .slice(0, 3)
            .map((x) => x.name)
            .join(', ')}`,
      ),
    `${t('actions.title')}: ${t('actions.portal.figures', { ...v.actions.figures })}`,
    '',
    t('report.mailLink'),
    link,
  ].join('\n');
}

/**
 * Runs due report jobs: each is taken with "for update skip locked" and its attempt counted, its
 * PDFs made in each subscriber's language, and in one transaction the files stored, one
 * delivery row and e-mail per subscriber who has none yet, and the job marked done. A job that
 * fails is tried again later; after three tries the administrators are told.
 */
export async function runReportJobs(db: Db, publicUrl: string, limit = 5): Promise<{ done: number; failed: number }> {
  const jobs = await db.transaction((tx) =>
    tx.query<{ id: string; period: string; node_id: number; attempts: number }>(
      `update report_job j set status = 'running', attempts = attempts + 1, due_at = now() + interval '10 minutes'
       where j.id in (select id from report_job where status in ('queued', 'running') and due_at <= now() order by due_at, id limit $1 for update skip locked)
       returning j.id, j.period, j.node_id, j.attempts`,
      [limit],
    ),
  );
  let done = 0;
  let failed = 0;
  for (const job of jobs) {
    try {
      const node = await getNode(db, job.node_id);
      const subscribers = await db.query<{ id: number; email: string | null; locale: Lang }>(
        `with ${reportRecipientsCte} select u.id, u.email, u.locale from recipients s join staff_user u on u.id = s.user_id where s.node_id = $1 and u.active`,
        [job.node_id],
      );
      // The county level also goes to the named recipients (a board's secretary), by a link of their own.
      const named = node.parent_id === null ? await namedRecipients(db) : [];
      const langs = [...new Set([...subscribers.map((s) => s.locale), ...named.map((r) => r.locale)])];
      const made = new Map<Lang, { report: MonthlyReport; pdf: Buffer }>();
      for (const lang of langs) {
        const report = await monthlyReport(db, system, node, job.period, lang);
        made.set(lang, { report, pdf: await monthlyReportPdf(report) });
      }
      await db.transaction(async (tx) => {
        for (const [lang, { pdf }] of made) {
          await tx.query(
            'insert into report_file (job_id, lang, pdf) values ($1, $2, $3) on conflict (job_id, lang) do update set pdf = excluded.pdf, made_at = now()',
            [job.id, lang, pdf],
          );
        }
        for (const s of subscribers) {
          if (!s.email) continue;
          const fresh = await tx.query('insert into report_delivery (job_id, user_id) values ($1, $2) on conflict do nothing returning 1', [job.id, s.id]);
          if (!fresh.length) continue;
          const { report } = made.get(s.locale)!;
          const t = translator(s.locale);
          await queueEmail(tx, {
            kind: 'monthly_report',
            to: s.email,
            subject: t('report.mailSubject', { node: report.view.name, month: job.period }),
            body: emailBody(report, `${publicUrl}/reports/${encodeURIComponent(job.id)}/${s.locale}.pdf`),
          });
        }
        for (const r of named) {
          const token = await newSharedLink(tx, job.id, r.id, r.locale);
          if (!token) continue;
          const { report } = made.get(r.locale)!;
          await queueEmail(tx, {
            kind: 'monthly_report_shared',
            to: r.email,
            subject: translator(r.locale)('report.mailSubject', { node: report.view.name, month: job.period }),
            body: `${emailBody(report, `${publicUrl}/reports/shared/${token}.pdf`)}\n${translator(r.locale)('report.sharedLinkDays', { days: sharedLinkDays })}`,
            // the link opens the report without signing in: kept out of the outbox page and blanked once sent
            secretBody: true,
          });
        }
        await tx.query("update report_job set status = 'done', finished_at = now(), last_error = null where id = $1", [job.id]);
      });
      done++;
    } catch (err) {
      failed++;
      const message = String((err as Error).message ?? err).slice(0, 500);
      const final = job.attempts >= maxAttempts;
      await db.transaction(async (tx) => {
        await tx.query(`update report_job set status = $2, last_error = $3, due_at = now() + make_interval(mins => $4) where id = $1`, [
          job.id,
          final ? 'failed' : 'queued',
          message,
          2 ** job.attempts,
        ]);
        if (final) {
          const admins = await tx.query<{ email: string; locale: Lang }>(
            "select distinct u.email, u.locale from staff_user u join role_assignment r on r.user_id = u.id where r.role = 'admin' and u.email is not null and u.active",
          );
          for (const a of admins) {
            const t = translator(a.locale);
            await queueEmail(tx, {
              kind: 'report_failed',
              to: a.email,
              subject: t('report.failedSubject', { job: job.id }),
              body: t('report.failedBody', { job: job.id, error: message, url: `${publicUrl}/admin/reports` }),
            });
          }
        }
      });
    }
  }
  return { done, failed };
}
