import { monthDays } from '../reports/period-presets.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { requireCountyAdmin, requirePrincipal, requireUser, redirectWithNotice, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { nodeAndPeriod } from '../feedback/period-filter.tsx';
import { analysisProgress, recentVersions } from './analysis-job.ts';
import type { AnalysisProvider } from './provider.ts';
import { ensureAnalysisVersion, getTopic, listTopics, saveTopic, topicInput } from './taxonomy.ts';
import { topicFigures, type TextSource } from './topic-figures.ts';
import { AnalysisPage, TopicEditorPage, TopicReportPage, TopicTextsPage } from './views.tsx';
import { analysedTexts } from './texts-query.ts';
import { toneModelState } from './retrain.ts';
import type { MainClassKey } from './main-classes.ts';

const sourceQuery = z.object({ source: z.enum(['all', 'answer', 'feedback']).default('all') });
const sourcesOf = (s: 'all' | 'answer' | 'feedback'): TextSource[] => (s === 'all' ? ['answer', 'feedback'] : [s]);

const splitKeywords = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

const topicForm = z.object({
  key: z.string().trim().toLowerCase(),
  main_class: z.string().default('services'),
  name_fi: z.string(),
  name_sv: z.string(),
  name_en: z.string(),
  description: z.string().default(''),
  keywords_fi: z.string().default(''),
  keywords_sv: z.string().default(''),
  keywords_en: z.string().default(''),
  active: z.string().optional(),
});

export async function analysisRoutes(app: FastifyInstance, opts: { db: Db; provider: () => Promise<AnalysisProvider> }) {
  const { db } = opts;
  // the default taxonomy on a new database; a new version when the provider changed
  await ensureAnalysisVersion(db, (await opts.provider()).name);

  app.get('/admin/analysis', async (request, reply) => {
    requireCountyAdmin(request);
    const [topics, progress] = await Promise.all([listTopics(db), analysisProgress(db)]);
    const versions = await recentVersions(db);
    const toneModel = await toneModelState(db);
    return sendPage(
      reply,
      <AnalysisPage
        request={request}
        notice={takeNotice(request, reply)}
        topics={topics}
        progress={progress}
        versions={versions}
        providerName={(await opts.provider()).name}
        toneModel={toneModel}
      />,
    );
  });

  app.get('/admin/analysis/topics/new', async (request, reply) => {
    requireCountyAdmin(request);
    return sendPage(reply, <TopicEditorPage request={request} title={request.t('analysis.newTopic')} />);
  });

  app.get<{ Params: { key: string } }>('/admin/analysis/topics/:key', async (request, reply) => {
    requireCountyAdmin(request);
    const topic = await getTopic(db, request.params.key);
    return sendPage(reply, <TopicEditorPage request={request} title={`${request.t('analysis.editTopic')}: ${topic.name[request.lang]}`} topic={topic} />);
  });

  app.post('/admin/analysis/topics', async (request, reply) => {
    const user = requireCountyAdmin(request);
    const { t } = request;
    const form = topicForm.parse(request.body);
    const input = {
      key: form.key,
      mainClass: form.main_class as MainClassKey,
      name: { fi: form.name_fi, sv: form.name_sv, en: form.name_en },
      description: form.description,
      keywords: { fi: splitKeywords(form.keywords_fi), sv: splitKeywords(form.keywords_sv), en: splitKeywords(form.keywords_en) },
      active: form.active === '1',
    };
    const parsed = topicInput.safeParse(input);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => t('analysis.fieldInvalid', { field: i.path.join('.') }));
      return sendPage(reply, <TopicEditorPage request={request} title={t('analysis.editTopic')} topic={input} errors={errors} />, 400);
    }
    const version = await saveTopic(db, user.username, parsed.data, (await opts.provider()).name);
    await audit(db, user, { action: 'analysis_topic_saved', targetType: 'analysis_topic', targetId: parsed.data.key, details: { version } });
    return redirectWithNotice(reply, '/admin/analysis', 'analysis.saved');
  });

  app.get('/api/v1/analysis/progress', async (request) => {
    requireCountyAdmin(request);
    return (await analysisProgress(db)) ?? null;
  });

  // The topic list: the same readers as the feedback figures (results readers of the subtree).
  app.get('/api/v1/analysis/topics', async (request) => {
    const { node, period } = await nodeAndPeriod(db, requirePrincipal(request), request.query);
    const { source } = sourceQuery.parse(request.query);
    return { node: node.code, period, source, ...(await topicFigures(db, node, period, request.lang, { sources: sourcesOf(source) })) };
  });

  // A topic's free-form feedback, masked: what the figures on the report are made of.
  const textsQuery = z.object({
    topic: z.string().max(40).optional(),
    tone: z.enum(['positive', 'negative', 'neutral', 'mixed']).optional().catch(undefined),
    page: z.coerce.number().int().positive().max(10_000).catch(1).default(1),
  });
  app.get('/admin/analysis/texts', async (request, reply) => {
    requireUser(request);
    const { node, period } = await nodeAndPeriod(db, requirePrincipal(request), request.query);
    const q = textsQuery.parse(request.query);
    const pageSize = 50;
    const found = await analysedTexts(db, node, monthDays(period.from).from, monthDays(period.to).to, {
      ...q,
      source: 'feedback',
      limit: pageSize,
      offset: (q.page - 1) * pageSize,
    });
    const topics = await listTopics(db);
    return sendPage(
      reply,
      <TopicTextsPage
        request={request}
        notice={takeNotice(request, reply)}
        node={node}
        period={period}
        q={q}
        found={found}
        topics={topics}
        pageSize={pageSize}
      />,
    );
  });

  app.get('/admin/analysis/report', async (request, reply) => {
    requireUser(request);
    const { node, period } = await nodeAndPeriod(db, requirePrincipal(request), request.query);
    const { source } = sourceQuery.parse(request.query);
    const f = await topicFigures(db, node, period, request.lang, { sources: sourcesOf(source) });
    return sendPage(reply, <TopicReportPage request={request} node={node} period={period} source={source} f={f} />);
  });
}
