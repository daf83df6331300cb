import { monthDays } from '../reports/period-presets.ts';
import type { FastifyRequest } from 'fastify';
import type { OrgNode } from '../organisation/node.ts';
import { ToneBars } from '../http/charts.tsx';
import { DataTable } from '../http/data-table.tsx';
import { CsrfField, ErrorList, JobProgress, Page } from '../http/layout.tsx';
import { nodeName } from '../organisation/node.ts';
import { formatDate, formatNumber, formatTime } from '../shared/i18n/format.ts';
import type { Translate } from '../shared/i18n/index.ts';
import type { Period } from '../feedback/figures.ts';
import { PeriodForm } from '../feedback/period-filter.tsx';
import type { AnalysisProgress, recentVersions } from './analysis-job.ts';
import type { StoredTopic } from './taxonomy.ts';
import { mainClasses } from './main-classes.ts';
import type { topicFigures } from './topic-figures.ts';
import type { AnalysedText } from './texts-query.ts';
import type { toneModelState } from './retrain.ts';
import { ToneModelSection } from './tone-model-views.tsx';
import { correctHref } from './correction-views.tsx';

const languages = ['fi', 'sv', 'en'] as const;
const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);

function Progress({ t, p }: { t: Translate; p: AnalysisProgress }) {
  const done = Math.max(0, p.queuedAtStart - p.waiting);
  if (p.preparing)
    return (
      <JobProgress
        label={t('analysis.preparing', { version: p.versionId, n: p.queuedAtStart, done })}
        done={done}
        total={Math.max(p.queuedAtStart, done + p.waiting)}
      />
    );
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
      <label>
        {t('analysis.mainClass')}
        <select name="main_class">
          {mainClasses.map((c) => (
            <option value={c.key} selected={(topic?.mainClass ?? 'services') === c.key}>
              {c.name[request.lang]}
            </option>
          ))}
        </select>
      </label>
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

const reasonText = (t: Translate, reason: string) =>
  reason.startsWith('topic:')
    ? t('analysis.reasonTopic', { key: reason.slice(6) })
    : (({ provider: t('analysis.reasonProvider'), 'tone-model': t('analysis.reasonToneModel') } as Record<string, string>)[reason] ??
      t('analysis.reasonInitial'));

/** The topics, the analysis versions and how far the current one has got. */
export function AnalysisPage({
  request,
  notice,
  topics,
  progress,
  versions,
  providerName,
  toneModel,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  topics: StoredTopic[];
  progress: AnalysisProgress | undefined;
  versions: Awaited<ReturnType<typeof recentVersions>>;
  providerName: string;
  toneModel: Awaited<ReturnType<typeof toneModelState>>;
}) {
  const { t, lang } = request;
  const provider = { name: providerName };
  const training = toneModel.retrainings[0]?.status === 'queued' || toneModel.retrainings[0]?.status === 'training';
  return (
    <Page
      request={request}
      title={t('analysis.title')}
      notice={notice}
      refreshSeconds={training || (progress && (progress.waiting > 0 || progress.preparing)) ? 2 : undefined}
    >
      {progress && <Progress t={t} p={progress} />}
      <p class="hint">{t('analysis.provider', { provider: provider.name })}</p>
      <h2>{t('analysis.topics')}</h2>
      <DataTable
        numeric={false}
        columns={[t('analysis.name'), t('analysis.mainClass'), `${t('analysis.keywords')} fi / sv / en`, t('analysis.active')]}
        rows={topics.map((topic) => ({
          head: <a href={`/admin/analysis/topics/${topic.key}`}>{topic.name[lang]}</a>,
          cells: [
            mainClasses.find((c) => c.key === topic.mainClass)?.name[lang] ?? topic.mainClass,
            languages.map((l) => topic.keywords[l].length).join(' / '),
            topic.active ? t('common.yes') : t('common.no'),
          ],
        }))}
      />
      <p class="link-row">
        <a href="/admin/analysis/topics/new">{t('analysis.newTopic')}</a>
        <a href="/admin/analysis/report">{t('analysis.reportTitle')}</a>
      </p>
      <ToneModelSection request={request} {...toneModel} />
      <h2>{t('analysis.versions')}</h2>
      <DataTable
        numeric={false}
        columns={[t('analysis.version'), t('analysis.when'), t('analysis.why'), t('analysis.providerShort'), t('analysis.queued')]}
        rows={versions.map((v) => ({
          head: String(v.id),
          cells: [formatTime(v.created_at, lang), `${reasonText(t, v.reason)} (${v.created_by})`, v.provider, v.queued],
        }))}
      />
    </Page>
  );
}

/** A topic's editor page: new, existing, or refused with the reasons. */
export function TopicEditorPage({
  request,
  title,
  topic,
  errors,
}: {
  request: FastifyRequest;
  title: string;
  topic?: Partial<StoredTopic> | undefined;
  errors?: string[] | undefined;
}) {
  return (
    <Page request={request} title={title}>
      <TopicEditor request={request} topic={topic} errors={errors} />
    </Page>
  );
}

/**
 * A topic's name leading to its texts: free-form feedback on Kaiku's own list, open answers on
 * the portal's (which keeps them back where a unit has too few answers to stay anonymous).
 */
function TopicLink(props: { request: FastifyRequest; node: OrgNode; period: Period; source: 'all' | 'answer' | 'feedback'; topic: string; name: string }) {
  const { t } = props.request;
  const span = `node=${encodeURIComponent(props.node.code)}&topic=${encodeURIComponent(props.topic)}`;
  const feedback = `/admin/analysis/texts?${span}&from=${props.period.from}&to=${props.period.to}`;
  const answers = `/portal/texts?${span}&from=${monthDays(props.period.from).from}&to=${monthDays(props.period.to).to}`;
  if (props.source === 'answer') return <a href={answers}>{props.name}</a>;
  return (
    <>
      <a href={feedback}>{props.name}</a>
      {props.source === 'all' && (
        <>
          {' '}
          <a href={answers} class="hint" aria-label={`${props.name}: ${t('analysis.source.answer')}`}>
            ({t('analysis.source.answer').toLowerCase()})
          </a>
        </>
      )}
    </>
  );
}

/** A topic's free-form feedback in a period, masked, newest first, with its tone and other topics. */
export function TopicTextsPage(props: {
  request: FastifyRequest;
  notice?: string | undefined;
  node: OrgNode;
  period: Period;
  q: { topic?: string | undefined; tone?: string | undefined; page: number };
  found: { total: number; texts: AnalysedText[] };
  topics: StoredTopic[];
  pageSize: number;
}) {
  const { t, lang } = props.request;
  const { node, period, q, found } = props;
  const names = new Map(props.topics.map((x) => [x.key, x.name[lang] ?? x.key]));
  const base = `/admin/analysis/texts?node=${encodeURIComponent(node.code)}&from=${period.from}&to=${period.to}${q.topic ? `&topic=${encodeURIComponent(q.topic)}` : ''}${q.tone ? `&tone=${q.tone}` : ''}`;
  const title = `${q.topic ? (names.get(q.topic) ?? q.topic) : t('analysis.source.feedback')}: ${nodeName(node, lang)}`;
  return (
    <Page request={props.request} title={title} notice={props.notice}>
      <p>
        <a href={`/admin/analysis/report?node=${encodeURIComponent(node.code)}&from=${period.from}&to=${period.to}&source=feedback`}>
          {t('analysis.backToReport')}
        </a>
      </p>
      <p role="status">{t('analysis.feedbackTexts', { n: formatNumber(found.total, lang), from: period.from, to: period.to })}</p>
      <ol class="texts">
        {found.texts.map((x) => (
          <li>
            <blockquote>{x.masked}</blockquote>
            <p class="hint">
              {formatDate(x.at, lang)} · <span class={`tone tone-text-${x.tone}`}>{t(`tone.${x.tone}`)}</span>
              {x.topics.length > 0 && ` · ${x.topics.map((k) => names.get(k) ?? k).join(', ')}`}
              {x.corrected && ` · ${t('analysis.correct.corrected')}`} · <a href={correctHref(x, `${base}&page=${q.page}`)}>{t('analysis.correct.link')}</a>
            </p>
          </li>
        ))}
      </ol>
      <nav class="link-row" aria-label={t('analysis.pages')}>
        {q.page > 1 && <a href={`${base}&page=${q.page - 1}`}>{t('analysis.newer')}</a>}
        {q.page * props.pageSize < found.total && <a href={`${base}&page=${q.page + 1}`}>{t('analysis.older')}</a>}
      </nav>
    </Page>
  );
}

/** The topics and tones of a node's open texts in a period. */
export function TopicReportPage({
  request,
  node,
  period,
  source,
  f,
}: {
  request: FastifyRequest;
  node: OrgNode;
  period: Period;
  source: 'all' | 'answer' | 'feedback';
  f: Awaited<ReturnType<typeof topicFigures>>;
}) {
  const { t, lang } = request;
  const toneLabels = { positive: t('tone.positive'), negative: t('tone.negative'), neutral: t('tone.neutral'), mixed: t('tone.mixed') };
  return (
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
      {f.mainClasses.length > 0 && (
        <>
          <h2>{t('analysis.mainClasses')}</h2>
          <ToneBars
            caption={t('analysis.mainClasses')}
            rows={f.mainClasses.map((x) => ({ label: x.name, count: x.count, share: pct(x.share), tones: x.tones }))}
            toneLabels={toneLabels}
            columns={{ label: t('analysis.mainClass'), count: t('analysis.texts'), share: t('analysis.share'), split: t('analysis.toneSplit') }}
          />
        </>
      )}
      <h2>{t('analysis.topTopics')}</h2>
      {f.topics.length === 0 ? (
        <p>{t('common.noTextsInPeriod')}</p>
      ) : (
        <ToneBars
          caption={t('analysis.topTopics')}
          rows={f.topics.map((x) => ({
            label: <TopicLink request={request} node={node} period={period} source={source} topic={x.key} name={x.name} />,
            count: x.count,
            share: pct(x.share),
            tones: x.tones,
          }))}
          toneLabels={toneLabels}
          columns={{ label: t('analysis.topic'), count: t('analysis.texts'), share: t('analysis.share'), split: t('analysis.toneSplit') }}
        />
      )}
      <p class="hint">{t('analysis.versionsUsed', { versions: f.versions.map((v) => `${v.id} (${v.texts})`).join(', ') || '–' })}</p>
    </Page>
  );
}
