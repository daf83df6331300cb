import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DataTable } from '../http/data-table.tsx';
import { Chart, trendChart } from '../http/echarts.tsx';
import { Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import { ancestry, children, getNodeByCode, roots } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { memoPerDatabase } from '../shared/db-memo.ts';
import { AppError } from '../shared/errors.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';
import { isLang, translator, type Lang } from '../shared/i18n/index.ts';
import { localise } from '../surveys/definition.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import type { LikertResult } from './nps.ts';
import { monthDays, presetPeriod, trendMonths } from './period-presets.ts';
import { figureOf, type Figure } from './portal-view.ts';
import { surveyResults } from './results-query.ts';

export const publicPaths: Record<Lang, string> = { fi: '/tulokset', sv: '/resultat', en: '/results' };

const system = { kind: 'system', name: 'public results' } as const;

interface PublicResults {
  node: OrgNode;
  trail: OrgNode[];
  months: { month: string; figure: Figure }[];
  year: Figure;
  statements: { label: string; top2: number | null }[];
  below: { node: OrgNode; figure: Figure }[];
}

// Published once a day: the figures are the same for every visitor until tomorrow.
const daily = memoPerDatabase<PublicResults>({ ttlMs: 24 * 3600_000, maxEntries: 2000 });

async function publicResults(db: Db, node: OrgNode, lang: Lang): Promise<PublicResults> {
  const rolling = presetPeriod('rolling-12');
  const last = presetPeriod('last-month');
  const months = trendMonths(last.to);
  const [trend, year, below, def, trail] = await Promise.all([
    surveyResults(db, system, { node: node.code, from: monthDays(months[0]!).from, to: last.to, groupBy: 'month' }),
    surveyResults(db, system, { node: node.code, from: rolling.from, to: last.to }),
    surveyResults(db, system, { node: node.code, from: rolling.from, to: last.to, groupBy: 'child' }),
    latestVersion(db, 'thl-national'),
    ancestry(db, node.id),
  ]);
  const kids = new Map((await children(db, node.id)).map((c) => [c.code, c]));
  const all = year.groups[0];
  return {
    node,
    trail,
    months: months.map((m) => ({ month: m, figure: figureOf(trend.groups.find((g) => g.key === m)) })),
    year: figureOf(all),
    statements: def.definition.questions
      .filter((q) => q.type === 'likert')
      .map((q) => {
        const r = all?.suppressed ? undefined : (all?.questions?.[q.key] as LikertResult | undefined);
        return { label: localise(q.text, lang), top2: r?.shareTop2 === null || r?.shareTop2 === undefined ? null : Math.round(r.shareTop2 * 100) };
      }),
    below: below.groups
      .filter((g) => kids.has(g.key))
      .map((g) => ({ node: kids.get(g.key)!, figure: figureOf(g) }))
      .sort((a, b) => nodeName(a.node, lang).localeCompare(nodeName(b.node, lang))),
  };
}

const cachedResults = (db: Db, node: OrgNode, lang: Lang) => daily(db, `${helsinkiToday()}:${node.id}:${lang}`, () => publicResults(db, node, lang));

const query = z.object({ node: z.string().max(200).optional(), lang: z.string().optional() });

/**
 * Results for residents: NPS and the statements over time, per county, division and any level
 * below (each month's figure hidden below the anonymity threshold), in plain language, fi/sv/en,
 * embeddable in the county's own pages.
 */
export async function publicResultsRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  for (const lang of ['fi', 'sv', 'en'] as const) {
    app.get(publicPaths[lang], { config: { embeddable: true } }, async (request, reply) => {
      const q = query.parse(request.query);
      if (isLang(q.lang) && q.lang !== lang) return reply.redirect(`${publicPaths[q.lang]}${q.node ? `?node=${encodeURIComponent(q.node)}` : ''}`, 303);
      request.lang = lang;
      request.t = translator(lang);
      const t = request.t;
      const node = q.node ? await getNodeByCode(db, q.node) : (await roots(db))[0];
      if (!node?.active) throw new AppError('not_found', 'No such part of the county');
      const r = await cachedResults(db, node, lang);
      const name = nodeName(node, lang);
      const npsText = (f: Figure) => (f.suppressed ? t('public.tooFew') : String(f.nps ?? '–'));
      const link = (n: OrgNode) => `${publicPaths[lang]}?node=${encodeURIComponent(n.code)}`;
      return sendPage(
        reply,
        <Page request={request} title={t('public.title', { node: name })}>
          {r.trail.length > 1 && (
            <nav aria-label={t('common.trail')}>
              <ol class="breadcrumbs">
                {r.trail.map((n) => (
                  <li>{n.id === node.id ? <span aria-current="page">{nodeName(n, lang)}</span> : <a href={link(n)}>{nodeName(n, lang)}</a>}</li>
                ))}
              </ol>
            </nav>
          )}
          <p>{t('public.intro')}</p>
          <ul class="figures">
            <li>
              <span class="value">{npsText(r.year)}</span> {t('public.npsYear')}
            </li>
            <li>
              <span class="value">{r.year.answers}</span> {t('public.answersYear')}
            </li>
          </ul>
          <h2>{t('public.trend')}</h2>
          <Chart
            image
            id="public-trend"
            title={t('public.trendTitle', { node: name })}
            svg={trendChart(
              r.months.map((m) => ({ label: `${Number(m.month.slice(5))}/${m.month.slice(2, 4)}`, value: m.figure.suppressed ? null : m.figure.nps })),
              { value: 'NPS', target: '' },
              { min: -100, max: 100 },
            )}
            table={
              <DataTable
                columns={[t('common.month'), 'NPS', t('public.answers')]}
                rows={r.months.map((m) => ({ head: m.month, cells: [npsText(m.figure), m.figure.answers] }))}
              />
            }
          />
          <h2>{t('public.statements')}</h2>
          <p>{t('public.statementsIntro')}</p>
          <DataTable
            columns={[t('portal.statement'), t('public.agree')]}
            rows={r.statements.map((s) => ({ head: s.label, cells: [s.top2 === null ? t('public.tooFew') : `${s.top2} %`] }))}
          />
          {r.below.length > 0 && (
            <>
              <h2>{t('public.below')}</h2>
              <DataTable
                columns={[t('public.part'), t('public.npsYear'), t('public.answers')]}
                rows={r.below.map((b) => ({ head: <a href={link(b.node)}>{nodeName(b.node, lang)}</a>, cells: [npsText(b.figure), b.figure.answers] }))}
              />
            </>
          )}
          <p class="hint">{t('public.updated')}</p>
        </Page>,
      );
    });
  }
}
