import { backgroundValueLabel, backgroundVariables } from './background.ts';
import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { nodeName } from '../organisation/node.ts';
import type { Lang } from '../shared/i18n/index.ts';
import { formatNumber } from '../shared/i18n/format.ts';
import { type CollectionPoint, collectionChannels } from './collection-points.ts';
import { localise, type Question } from './definition.ts';

/** Where in a long list of collection points the page is, with links to the pages before and after. */
function Pager({
  request,
  node,
  paging,
}: {
  request: FastifyRequest;
  node: string;
  paging: { page: number; pages: number; total: number; first: number; last: number };
}) {
  const { t, lang } = request;
  const href = (page: number) => `/admin/collection-points?${new URLSearchParams({ ...(node ? { node } : {}), page: String(page) })}`;
  return (
    <nav class="pager" aria-label={t('cp.pages')}>
      <span>
        {t('cp.showing', { first: formatNumber(paging.first, lang), last: formatNumber(paging.last, lang), total: formatNumber(paging.total, lang) })}
      </span>
      {paging.page > 1 && <a href={href(paging.page - 1)}>{t('cp.previousPage')}</a>}
      {paging.page < paging.pages && <a href={href(paging.page + 1)}>{t('cp.nextPage')}</a>}
    </nav>
  );
}

/** Closing a collection point asks once more, naming the unit, the channel and what stops working. */
export function CloseCollectionPointPage({ request, point }: { request: FastifyRequest; point: CollectionPoint }) {
  const { t, lang } = request;
  const unit = `${nodeName({ name_fi: point.node_name_fi, name_sv: point.node_name_sv, name_en: point.node_name_en }, lang as Lang)}${point.name ? ` – ${point.name}` : ''}`;
  return (
    <Page request={request} title={t('cp.closeTitle', { unit, channel: t(`channel.${point.channel}`) })}>
      <p>{t('cp.closeExplain')}</p>
      <form method="post" action={`/admin/collection-points/${point.code}/active`} class="actions">
        <CsrfField request={request} />
        <input type="hidden" name="active" value="false" />
        <input type="hidden" name="confirmed" value="yes" />
        <button type="submit">{t('cp.closeConfirm')}</button>
        <a href={`/admin/collection-points?node=${encodeURIComponent(point.node_code)}`}>{t('cp.closeCancel')}</a>
      </form>
    </Page>
  );
}

export function CollectionPointsPage(props: {
  request: FastifyRequest;
  points: (CollectionPoint & { answers: number })[];
  paging: { page: number; pages: number; total: number; first: number };
  /** The point just made, shown above the list wherever it falls in it. */
  created?: CollectionPoint | undefined;
  surveys: { id: string; name: Record<string, string> }[];
  publicUrl: string;
  node: string;
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const { t, lang } = props.request;
  const l = lang as Lang;
  return (
    <Page request={props.request} title={t('cp.title')} notice={props.notice}>
      <p>{t('cp.help')}</p>
      <form method="get" action="/admin/collection-points" class="row">
        <div>
          <label for="f-node">{t('cp.filter')}</label>
          <input id="f-node" name="node" type="text" value={props.node} />
        </div>
        <button type="submit">{t('common.search')}</button>
      </form>
      {props.created && (
        <section class="card" aria-labelledby="cp-created">
          <h2 id="cp-created">{t('cp.createdHeading')}</h2>
          <p>
            <a href={`${props.publicUrl}/${props.created.channel === 'kiosk' ? 'k' : 's'}/${props.created.code}`}>
              {`${props.publicUrl}/${props.created.channel === 'kiosk' ? 'k' : 's'}/${props.created.code}`.replace(/^https?:\/\//, '')}
            </a>
          </p>
          <p class="link-row">
            <a href={`/admin/collection-points/${props.created.code}/qr.svg`}>QR SVG</a>
            <a href={`/admin/collection-points/${props.created.code}/qr.png`}>QR PNG</a>
            <a href={`/admin/collection-points/${props.created.code}/slip.pdf`}>{t('cp.slip')}</a>
          </p>
        </section>
      )}
      {props.points.length === 0 ? (
        <p>{t('cp.none')}</p>
      ) : (
        <>
          <Pager request={props.request} node={props.node} paging={{ ...props.paging, last: props.paging.first + props.points.length - 1 }} />
          <table>
            <thead>
              <tr>
                <th scope="col">{t('cp.unit')}</th>
                <th scope="col">{t('cp.survey')}</th>
                <th scope="col">{t('cp.channel')}</th>
                <th scope="col">{t('cp.address')}</th>
                <th scope="col">{t('cp.answers')}</th>
              </tr>
            </thead>
            <tbody>
              {props.points.map((p) => {
                const path = p.channel === 'kiosk' ? 'k' : 's';
                const url = `${props.publicUrl}/${path}/${p.code}`;
                const unit = nodeName({ name_fi: p.node_name_fi, name_sv: p.node_name_sv, name_en: p.node_name_en }, l);
                return (
                  <tr class={p.active ? '' : 'closed'}>
                    <td>
                      {unit}
                      {p.name ? <div class="muted">{p.name}</div> : null}
                    </td>
                    <td>{localise(props.surveys.find((s) => s.id === p.survey_id)?.name, l) || p.survey_id}</td>
                    <td>{t(`channel.${p.channel}`)}</td>
                    <td>
                      <a href={url}>{url.replace(/^https?:\/\//, '')}</a>
                      <div>
                        <a href={`/admin/collection-points/${p.code}/qr.svg`} aria-label={`QR SVG: ${unit}`}>
                          SVG
                        </a>
                        {' · '}
                        <a href={`/admin/collection-points/${p.code}/qr.png`} aria-label={`QR PNG: ${unit}`}>
                          PNG
                        </a>
                        {' · '}
                        <a href={`/admin/collection-points/${p.code}/slip.pdf`} aria-label={`${t('cp.slip')}: ${unit}`}>
                          {t('cp.slip')}
                        </a>
                        {p.channel === 'paper' && (
                          <>
                            {' · '}
                            <a href={`/admin/paper/${p.code}`}>{t('cp.paper')}</a>
                          </>
                        )}
                      </div>
                    </td>
                    <td>
                      {formatNumber(p.answers, lang)}
                      <form method="post" action={`/admin/collection-points/${p.code}/active`}>
                        <CsrfField request={props.request} />
                        <input type="hidden" name="active" value={p.active ? 'false' : 'true'} />
                        <button
                          type="submit"
                          class="secondary"
                          aria-label={`${p.active ? t('common.deactivate') : t('common.activate')}: ${unit}, ${t(`channel.${p.channel}`)}`}
                        >
                          {p.active ? t('common.deactivate') : t('common.activate')}
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {props.paging.pages > 1 && (
            <Pager request={props.request} node={props.node} paging={{ ...props.paging, last: props.paging.first + props.points.length - 1 }} />
          )}
        </>
      )}
      <h2 id="new">{t('cp.create')}</h2>
      {props.error && <ErrorList title={props.error} items={[]} />}
      <form method="post" action="/admin/collection-points">
        <CsrfField request={props.request} />
        <label for="c-survey">{t('cp.survey')}</label>
        <select id="c-survey" name="survey">
          {props.surveys.map((s) => (
            <option value={s.id}>{localise(s.name, l)}</option>
          ))}
        </select>
        <label for="c-node">{t('cp.node')}</label>
        <input id="c-node" name="node" type="text" required value={props.node} />
        <label for="c-channel">{t('cp.channel')}</label>
        <select id="c-channel" name="channel">
          {collectionChannels.map((c) => (
            <option value={c}>{t(`channel.${c}`)}</option>
          ))}
        </select>
        <label for="c-name">{t('cp.name')}</label>
        <input id="c-name" name="name" type="text" maxLength={200} />
        <label for="c-stage">{t('background.journeyStage')}</label>
        <select id="c-stage" name="journeyStage">
          <option value="">{t('cp.noStage')}</option>
          {backgroundVariables.journeyStage!.map((st) => (
            <option value={st}>{backgroundValueLabel(t, 'journeyStage', st)}</option>
          ))}
        </select>
        <fieldset>
          <legend>{t('cp.npsWording')}</legend>
          <label class="check">
            <input type="radio" name="npsWording" value="standard" checked /> {t('cp.npsStandard')}
          </label>
          <label class="check">
            <input type="radio" name="npsWording" value="similar_situation" /> {t('cp.npsSimilar')}
          </label>
        </fieldset>
        <p>
          <button type="submit">{t('cp.create')}</button>
        </p>
      </form>
    </Page>
  );
}

export function PaperEntryPage(props: {
  request: FastifyRequest;
  point: CollectionPoint;
  questions: Question[];
  values: Record<string, string>;
  date: string;
  nonce: string;
  errors: { field: string; message: string }[];
  notice?: string | undefined;
}) {
  const { t, lang } = props.request;
  const l = lang as Lang;
  const unit = nodeName({ name_fi: props.point.node_name_fi, name_sv: props.point.node_name_sv, name_en: props.point.node_name_en }, l);
  return (
    <Page request={props.request} title={`${t('paper.title')}: ${unit}`} notice={props.notice}>
      <p>{t('paper.help')}</p>
      {props.errors.length > 0 && (
        <ErrorList
          title={t('error.invalid')}
          items={props.errors.map((e) => `${localise(props.questions.find((q) => q.key === e.field)?.text, l) || e.field}: ${e.message}`)}
        />
      )}
      <form method="post" action={`/admin/paper/${props.point.code}`} class="paper" autocomplete="off">
        <CsrfField request={props.request} />
        <input type="hidden" name="_nonce" value={props.nonce} />
        <label for="p-date">{t('paper.date')}</label>
        <input id="p-date" name="_date" type="date" value={props.date} required />
        {props.questions.map((q, i) => {
          const hint =
            q.type === 'nps'
              ? t('paper.range', { min: 0, max: 10 })
              : q.type === 'likert'
                ? t('paper.range', { min: 1, max: 5 })
                : q.type === 'yesno'
                  ? t('paper.yesNo')
                  : q.type === 'choice'
                    ? (q.options ?? []).map((o) => o.key).join(' / ')
                    : '';
          const invalid = props.errors.some((e) => e.field === q.key);
          return q.type === 'open' ? (
            <div>
              <label for={`p-${q.key}`}>{localise(q.text, l)}</label>
              <textarea id={`p-${q.key}`} name={`q_${q.key}`} rows={2} aria-invalid={invalid ? 'true' : undefined}>
                {props.values[q.key] ?? ''}
              </textarea>
            </div>
          ) : (
            <div class="paper-row">
              <label for={`p-${q.key}`}>
                {localise(q.text, l)} <span class="muted">({hint})</span>
              </label>
              <input
                id={`p-${q.key}`}
                name={`q_${q.key}`}
                type="text"
                inputMode={q.type === 'yesno' || q.type === 'choice' ? 'text' : 'numeric'}
                size={4}
                maxLength={q.type === 'choice' ? 40 : 2}
                value={props.values[q.key] ?? ''}
                autofocus={i === 0}
                aria-invalid={invalid ? 'true' : undefined}
              />
            </div>
          );
        })}
        <p>
          <button type="submit">{t('paper.submit')}</button>
        </p>
      </form>
    </Page>
  );
}
