import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { requireCountyAdmin, requirePrincipal, requireUser, redirectWithNotice, takeNotice } from '../http/context.ts';
import { ToneBars } from '../http/charts.tsx';
import { DataTable } from '../http/data-table.tsx';
import { CsrfField, ErrorList, JobProgress, Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import { nodeName } from '../organisation/node.ts';
import type { Db } from '../shared/db.ts';
import { formatTime } from '../shared/i18n/format.ts';
import type { Translate } from '../shared/i18n/index.ts';
import { nodeAndPeriod, PeriodForm } from '../feedback/period-filter.tsx';
import { analysisProgress, type AnalysisProgress, recentVersions } from './analysis-job.ts';
import type { AnalysisProvider } from './provider.ts';
import { ensureAnalysisVersion, getTopic, listTopics, saveTopic, topicInput, type StoredTopic } from './taxonomy.ts';
import { topicFigures, type TextSource } from './topic-figures.ts';

const languages = ['fi', 'sv', 'en'] as const;
const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);

const sourceQuery = z.object({ source: z.enum(['all', 'answer', 'feedback']).default('all') });
const sourcesOf = (s: 'all' | 'answer' | 'feedback'): TextSource[] => (s === 'all' ? ['answer', 'feedback'] : [s]);

const splitKeywords = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

const topicForm = z.object({
  key: z.string().trim().toLowerCase(),
  name_fi: z.string(),
  name_sv: z.string(),
  name_en: z.string(),
  description: z.string().default(''),
  keywords_fi: z.string().default(''),
  keywords_sv: z.string().default(''),
  keywords_en: z.string().default(''),
  active: z.string().optional(),
});

function Progress({ t, p }: { t: Translate; p: AnalysisProgress }) {
  const done = Math.max(0, p.queuedAtStart - p.waiting);
  return p.waiting > 0 ? (
    <JobProgress
      label={t('analysis.running', { version: p.versionId, done, total: Math.max(p.queuedAtStart, done + p.waiting) })}
      done={done}
      total={Math.max(p.queuedAtStart, done + p.waiting)}
    />
  ) : (
    <p role="status">{t('analysis.upToDate', { version: p.versionId, n: p.current })}</p>
  );
}

function TopicEditor({ request, topic, errors }: { request: FastifyRequest; topic?: Partial<StoredTopic>; errors?: string[] }) {
  const { t } = request;
  const isNew = !topic?.key || (errors !== undefined && !topic.position);
  return (
    <form method="post" action="/admin/analysis/topics" class="stack">
      <CsrfField request={request} />
      {errors && <ErrorList title={t('error.invalid')} items={errors} />}
      <label>
        {t('analysis.key')}
        <input name="key" value={topic?.key ?? ''} required pattern="[a-z0-9_]{1,40}" readOnly={!isNew} aria-describedby="key-hint" />
      </label>
      <p id="key-hint" class="hint">
        {t('analysis.keyHint')}
      </p>
      {languages.map((l) => (
        <label>
          {t('analysis.name')} ({l})
          <input name={`name_${l}`} value={topic?.name?.[l] ?? ''} required maxLength={120} lang={l} />
        </label>
      ))}
      <label>
        {t('analysis.description')}
        <textarea name="description" maxLength={1000} rows={2}>
          {topic?.description ?? ''}
        </textarea>
      </label>
      {languages.map((l) => (
        <label>
          {t('analysis.keywords')} ({l})
          <textarea name={`keywords_${l}`} rows={3} lang={l} aria-describedby="kw-hint">
            {(topic?.keywords?.[l] ?? []).join(', ')}
          </textarea>
        </label>
      ))}
      <p id="kw-hint" class="hint">
        {t('analysis.keywordsHint')}
      </p>
      <label class="inline">
        <input type="checkbox" name="active" value="1" checked={topic?.active ?? true} /> {t('analysis.active')}
      </label>
      <p class="hint">{t('analysis.saveHint')}</p>
      <button type="submit">{t('analysis.save')}</button>
    </form>
  );
}

export async function analysisRoutes(app: FastifyInstance, opts: { db: Db; provider: AnalysisProvider }) {
  const { db, provider } = opts;
  // the default taxonomy on a new database; a new version when the provider changed
  await ensureAnalysisVersion(db, provider.name);

  app.get('/admin/analysis', async (request, reply) => {
    requireCountyAdmin(request);
    const { t, lang } = request;
    const [topics, progress] = await Promise.all([listTopics(db), analysisProgress(db)]);
    const versions = await recentVersions(db);
    return sendPage(
      reply,
      <Page request={request} title={t('analysis.title')} notice={takeNotice(request, reply)} refreshSeconds={progress && progress.waiting > 0 ? 2 : undefined}>
        {progress && <Progress t={t} p={progress} />}
        <p class="hint">{t('analysis.provider', { provider: provider.name })}</p>
        <h2>{t('analysis.topics')}</h2>
        <DataTable
          numeric={false}
          columns={[t('analysis.name'), `${t('analysis.keywords')} fi / sv / en`, t('analysis.active')]}
          rows={topics.map((topic) => ({
            head: <a href={`/admin/analysis/topics/${topic.key}`}>{topic.name[lang]}</a>,
            cells: [languages.map((l) => topic.keywords[l].length).join(' / '), topic.active ? t('common.yes') : t('common.no')],
          }))}
        />
        <p class="link-row">
          <a href="/admin/analysis/topics/new">{t('analysis.newTopic')}</a>
          <a href="/admin/analysis/report">{t('analysis.reportTitle')}</a>
        </p>
        <h2>{t('analysis.versions')}</h2>
        <DataTable
          numeric={false}
          columns={[t('analysis.version'), t('analysis.when'), t('analysis.why'), t('analysis.providerShort'), t('analysis.queued')]}
          rows={versions.map((v) => ({
            head: String(v.id),
            cells: [
              formatTime(v.created_at, lang),
              `${v.reason.startsWith('topic:') ? t('analysis.reasonTopic', { key: v.reason.slice(6) }) : v.reason === 'provider' ? t('analysis.reasonProvider') : t('analysis.reasonInitial')} (${v.created_by})`,
              v.provider,
              v.queued,
            ],
          }))}
        />
      </Page>,
    );
  });

  app.get('/admin/analysis/topics/new', async (request, reply) => {
    requireCountyAdmin(request);
    return sendPage(
      reply,
      <Page request={request} title={request.t('analysis.newTopic')}>
        <TopicEditor request={request} />
      </Page>,
    );
  });

  app.get<{ Params: { key: string } }>('/admin/analysis/topics/:key', async (request, reply) => {
    requireCountyAdmin(request);
    const topic = await getTopic(db, request.params.key);
    return sendPage(
      reply,
      <Page request={request} title={`${request.t('analysis.editTopic')}: ${topic.name[request.lang]}`}>
        <TopicEditor request={request} topic={topic} />
      </Page>,
    );
  });

  app.post('/admin/analysis/topics', async (request, reply) => {
    const user = requireCountyAdmin(request);
    const { t } = request;
    const form = topicForm.parse(request.body);
    const input = {
      key: form.key,
      name: { fi: form.name_fi, sv: form.name_sv, en: form.name_en },
      description: form.description,
      keywords: { fi: splitKeywords(form.keywords_fi), sv: splitKeywords(form.keywords_sv), en: splitKeywords(form.keywords_en) },
      active: form.active === '1',
    };
    const parsed = topicInput.safeParse(input);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => t('analysis.fieldInvalid', { field: i.path.join('.') }));
      return sendPage(
        reply,
        <Page request={request} title={t('analysis.editTopic')}>
          <TopicEditor request={request} topic={input} errors={errors} />
        </Page>,
        400,
      );
    }
    const version = await saveTopic(db, user.username, parsed.data, provider.name);
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

  app.get('/admin/analysis/report', async (request, reply) => {
    requireUser(request);
    const { t, lang } = request;
    const { node, period } = await nodeAndPeriod(db, requirePrincipal(request), request.query);
    const { source } = sourceQuery.parse(request.query);
    const f = await topicFigures(db, node, period, lang, { sources: sourcesOf(source) });
    const toneLabels = { positive: t('tone.positive'), negative: t('tone.negative'), neutral: t('tone.neutral'), mixed: t('tone.mixed') };
    return sendPage(
      reply,
      <Page request={request} title={`${t('analysis.reportTitle')}: ${nodeName(node, lang)}`}>
        <PeriodForm request={request} node={node} period={period} action="/admin/analysis/report" />
        <nav class="link-row" aria-label={t('analysis.sources')}>
          {(['all', 'answer', 'feedback'] as const).map((s) =>
            s === source ? (
              <span aria-current="true">{t(`analysis.source.${s}`)}</span>
            ) : (
              <a href={`/admin/analysis/report?node=${encodeURIComponent(node.code)}&from=${period.from}&to=${period.to}&source=${s}`}>
                {t(`analysis.source.${s}`)}
              </a>
            ),
          )}
        </nav>
        <ul class="figures">
          <li>
            <span class="value">{f.texts}</span> {t('analysis.texts')}
          </li>
          <li>
            <span class="value">{pct(f.noTopicShare)}</span> {t('analysis.noTopic')}
          </li>
          <li>
            <span class="value">{pct(f.neutralShare)}</span> {t('analysis.neutral')}
          </li>
        </ul>
        <h2>{t('analysis.topTopics')}</h2>
        {f.topics.length === 0 ? (
          <p>{t('common.noFeedbackInPeriod')}</p>
        ) : (
          <ToneBars
            caption={t('analysis.topTopics')}
            rows={f.topics.map((x) => ({ label: x.name, count: x.count, share: pct(x.share), tones: x.tones }))}
            toneLabels={toneLabels}
            columns={{ label: t('analysis.topic'), count: t('analysis.texts'), share: t('analysis.share'), split: t('analysis.toneSplit') }}
          />
        )}
        <p class="hint">{t('analysis.versionsUsed', { versions: f.versions.map((v) => `${v.id} (${v.texts})`).join(', ') || '–' })}</p>
      </Page>,
    );
  });
}
