import type { FastifyRequest } from 'fastify';
import { DataTable } from '../http/data-table.tsx';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { nodeName } from '../organisation/node.ts';
import type { Config } from '../shared/config.ts';
import type { CodeMapProblem, CodeMapRow } from './code-map.ts';

/** The FHIR interface for the county's administrators: where to send, and the local unit codes. */
export function FhirAdminPage({
  request,
  config,
  rows,
  csv,
  problems,
  notice,
}: {
  request: FastifyRequest;
  config: Config;
  rows: CodeMapRow[];
  /** What is in the text box: the map as it stands, or what was sent and refused. */
  csv: string;
  problems?: CodeMapProblem[];
  notice?: string;
}) {
  const { t, lang } = request;
  const said = (p: CodeMapProblem) =>
    p.problem === 'csv'
      ? t('fhir.admin.lineCsv', { line: p.line })
      : p.problem === 'code'
        ? t('fhir.admin.lineCode', { line: p.line })
        : t('fhir.admin.lineUnit', { line: p.line, unit: p.unit ?? '' });
  return (
    <Page request={request} title={t('fhir.admin.title')} notice={notice}>
      <p>{t('fhir.admin.intro')}</p>
      <h2>{t('fhir.admin.endpoints')}</h2>
      <dl class="receipt">
        <dt>{t('fhir.admin.base')}</dt>
        <dd>
          <code>{config.publicUrl}/fhir/r4</code> (<a href="/fhir/r4/metadata">metadata</a>)
        </dd>
        <dt>{t('fhir.admin.source')}</dt>
        <dd>{config.fhirSource ? <code>{config.fhirSource.url}</code> : t('fhir.admin.noSource')}</dd>
      </dl>
      <p class="hint">{t('fhir.admin.key')}</p>
      <h2 id="codes">{t('fhir.admin.codes')}</h2>
      {rows.length === 0 ? (
        <p>{t('fhir.admin.none')}</p>
      ) : (
        <DataTable
          numeric={false}
          columns={[t('fhir.admin.system'), t('fhir.admin.code'), t('fhir.admin.unit')]}
          rows={rows.map((r) => ({ head: r.system || '–', cells: [r.code, `${nodeName(r, lang)} (${r.unit})`] }))}
        />
      )}
      <form method="post" action="/admin/fhir/codes" class="stack">
        <CsrfField request={request} />
        {problems && problems.length > 0 && <ErrorList title={t('fhir.admin.notSaved')} items={problems.map(said)} />}
        <label for="fhir-codes">{t('fhir.admin.csv')}</label>
        <p class="hint" id="fhir-codes-hint">
          {t('fhir.admin.codesHint')}
        </p>
        <textarea id="fhir-codes" name="csv" rows={8} aria-describedby="fhir-codes-hint" aria-invalid={problems?.length ? 'true' : undefined}>
          {csv}
        </textarea>
        <div>
          <button type="submit">{t('fhir.admin.save')}</button>
        </div>
      </form>
    </Page>
  );
}
