import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, JobProgress, Page } from '../http/layout.tsx';
import type { ImportRun } from './import-runs.ts';
import { type Lang, nodeName, type OrgNode } from './node.ts';
import { issueText } from './issue-text.ts';
import type { UnitHit } from './search-units.ts';
import type { NodeChange } from './tree-queries.ts';
import { formatTime } from '../shared/i18n/format.ts';

function SearchForm({ request, q }: { request: FastifyRequest; q: string }) {
  const { t } = request;
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers counties run; the role says the same
    <form method="get" action="/admin/org" role="search" class="row">
      <div>
        <label for="org-q">{t('org.search')}</label>
        <input id="org-q" name="q" type="search" value={q} autocomplete="off" />
      </div>
      <button type="submit">{t('org.searchButton')}</button>
    </form>
  );
}

function NodeList({ request, nodes }: { request: FastifyRequest; nodes: (OrgNode & { child_count?: number })[] }) {
  const { t, lang } = request;
  if (nodes.length === 0) return <p>{t('org.noChildren')}</p>;
  return (
    <ul>
      {nodes.map((n) => (
        <li class={n.active ? '' : 'closed'}>
          <a href={`/admin/org/${encodeURIComponent(n.code)}`}>{nodeName(n, lang as Lang)}</a>{' '}
          <span class="muted">
            {t(`kind.${n.kind}`)}
            {n.child_count ? ` · ${n.child_count}` : ''}
          </span>
          {!n.active && <span class="tag"> {t('org.closed')}</span>}
        </li>
      ))}
    </ul>
  );
}

export function OrgIndexPage(props: { request: FastifyRequest; starts: OrgNode[]; q: string; hits?: UnitHit[]; canImport: boolean }) {
  const { t, lang } = props.request;
  return (
    <Page request={props.request} title={t('org.title')}>
      <SearchForm request={props.request} q={props.q} />
      {props.hits ? (
        <>
          <h2>{t('org.searchResults', { count: props.hits.length })}</h2>
          {props.hits.length === 0 ? (
            <p>{t('org.noResults')}</p>
          ) : (
            <ul>
              {props.hits.map((h) => (
                <li>
                  <a href={`/admin/org/${encodeURIComponent(h.code)}`}>
                    {nodeName({ name_fi: h.name.fi, name_sv: h.name.sv, name_en: h.name.en }, lang as Lang)}
                  </a>{' '}
                  <span class="muted">{h.path.map((p) => nodeName({ name_fi: p.fi, name_sv: p.sv, name_en: p.en }, lang as Lang)).join(' › ')}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <NodeList request={props.request} nodes={props.starts} />
      )}
      {props.canImport && (
        <p>
          <a href="/admin/org/import">{t('org.import')}</a>
        </p>
      )}
    </Page>
  );
}

export function NodePage(props: {
  request: FastifyRequest;
  node: OrgNode;
  path: OrgNode[];
  parentCode: string;
  kids: (OrgNode & { child_count: number })[];
  history: NodeChange[];
  canEdit: boolean;
  notice?: string | undefined;
  errors?: string[];
}) {
  const { t, lang } = props.request;
  const n = props.node;
  const l = lang as Lang;
  return (
    <Page request={props.request} title={nodeName(n, l)} notice={props.notice}>
      <nav aria-label={t('org.title')}>
        <ol class="breadcrumbs">
          <li>
            <a href="/admin/org">{t('org.title')}</a>
          </li>
          {props.path.slice(0, -1).map((p) => (
            <li>
              <a href={`/admin/org/${encodeURIComponent(p.code)}`}>{nodeName(p, l)}</a>
            </li>
          ))}
        </ol>
      </nav>
      <table>
        <tbody>
          <tr>
            <th scope="row">{t('org.kind')}</th>
            <td>{t(`kind.${n.kind}`)}</td>
          </tr>
          <tr>
            <th scope="row">{t('org.code')}</th>
            <td>
              <code>{n.code}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">{t('org.name_fi')}</th>
            <td lang="fi">{n.name_fi}</td>
          </tr>
          <tr>
            <th scope="row">{t('org.name_sv')}</th>
            <td lang="sv">{n.name_sv ?? t('common.none')}</td>
          </tr>
          <tr>
            <th scope="row">{t('org.name_en')}</th>
            <td lang="en">{n.name_en ?? t('common.none')}</td>
          </tr>
          <tr>
            <th scope="row">{t('org.active')}</th>
            <td>{n.active ? t('common.yes') : t('org.closed')}</td>
          </tr>
        </tbody>
      </table>
      <h2>{t('org.children')}</h2>
      <NodeList request={props.request} nodes={props.kids} />
      {props.canEdit && (
        <>
          <h2 id="edit">{t('org.edit')}</h2>
          {props.errors && props.errors.length > 0 && <ErrorList title={t('error.invalid')} items={props.errors} />}
          <form method="post" action={`/admin/org/${encodeURIComponent(n.code)}`}>
            <CsrfField request={props.request} />
            <label for="e-fi">{t('org.name_fi')}</label>
            <input id="e-fi" name="name_fi" type="text" lang="fi" required value={n.name_fi} />
            <label for="e-sv">{t('org.name_sv')}</label>
            <input id="e-sv" name="name_sv" type="text" lang="sv" value={n.name_sv ?? ''} />
            <label for="e-en">{t('org.name_en')}</label>
            <input id="e-en" name="name_en" type="text" lang="en" value={n.name_en ?? ''} />
            <label for="e-parent">{t('org.parent')}</label>
            <input id="e-parent" name="parent" type="text" value={props.parentCode} />
            <label class="check">
              <input type="checkbox" name="active" value="true" checked={n.active} /> {t('org.active')}
            </label>
            <p>
              <button type="submit">{t('org.save')}</button>
            </p>
          </form>
        </>
      )}
      <h2>{t('org.history')}</h2>
      {props.history.length === 0 ? (
        <p>{t('org.noHistory')}</p>
      ) : (
        <table>
          <tbody>
            {props.history.map((h) => (
              <tr>
                <td>{formatTime(h.changed_at, l)}</td>
                <td>{t(`org.change.${h.change}` as 'org.change.created')}</td>
                <td>{describeChange(h)}</td>
                <td class="muted">{h.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

function describeChange(h: NodeChange): string {
  if (!h.before || !h.after) return '';
  return Object.keys(h.after)
    .filter((k) => k !== 'reason' && JSON.stringify(h.before?.[k]) !== JSON.stringify(h.after?.[k]))
    .map((k) => `${k}: ${String(h.before?.[k] ?? '–')} → ${String(h.after?.[k] ?? '–')}`)
    .join('; ');
}

export function ImportPage(props: {
  request: FastifyRequest;
  recent: { id: number; started_at: Date; source: string; status: string; total: number; added: number; changed: number; closed: number; unchanged: number }[];
  error?: string;
}) {
  const { t, lang } = props.request;
  return (
    <Page request={props.request} title={t('org.import')}>
      <p>
        {t('org.import.columns')} <code>code, parent_code, kind, name_fi, name_sv, name_en, active</code>. {t('org.import.help')}
      </p>
      {props.error && <ErrorList title={props.error} items={[]} />}
      <form method="post" action="/admin/org/import" enctype="multipart/form-data">
        <CsrfField request={props.request} />
        <label for="i-file">{t('org.import.file')}</label>
        <input id="i-file" name="file" type="file" accept=".csv,text/csv,text/plain" required />
        <label class="check">
          <input type="checkbox" name="partial" value="true" /> {t('org.import.partial')}
        </label>
        <p>
          <button type="submit">{t('org.import.submit')}</button>
        </p>
      </form>
      <h2>{t('org.import.recent')}</h2>
      <ul>
        {props.recent.map((r) => (
          <li>
            {formatTime(r.started_at, lang)} · {r.source} ·{' '}
            {r.status === 'done'
              ? t('org.import.done', { total: r.total, added: r.added, changed: r.changed, closed: r.closed, unchanged: r.unchanged })
              : r.status}
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function ImportRunPage({ request, run }: { request: FastifyRequest; run: ImportRun }) {
  const { t } = request;
  const r = run.result;
  return (
    <Page request={request} title={t('org.import')} refreshSeconds={run.status === 'running' ? 1 : undefined}>
      {run.status === 'running' && <JobProgress label={t('org.import.running', { done: run.done, total: run.total || 0 })} done={run.done} total={run.total} />}
      {run.status === 'done' && r && (
        <>
          <p class="notice" role="status">
            {t('org.import.done', { total: r.total, added: r.added.length, changed: r.changed.length, closed: r.closed.length, unchanged: r.unchanged })}
          </p>
          {(['added', 'changed', 'closed'] as const).map((k) =>
            r[k].length > 0 ? (
              <details>
                <summary>{`${k}: ${r[k].length}`}</summary>
                <ul>
                  {r[k].slice(0, 500).map((code) => (
                    <li>
                      <a href={`/admin/org/${encodeURIComponent(code)}`}>{code}</a>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null,
          )}
        </>
      )}
      {run.status === 'failed' && run.issues && (
        <>
          <ErrorList title={t('org.import.failed', { count: run.issues.length })} items={[]} />
          <table>
            <thead>
              <tr>
                <th scope="col">{t('org.import.line')}</th>
                <th scope="col">{t('org.import.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {run.issues.slice(0, 200).map((i) => (
                <tr>
                  <td>{i.line}</td>
                  <td>{issueText(t, i)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p>
        <a href="/admin/org/import">{t('org.import')}</a>
      </p>
    </Page>
  );
}
