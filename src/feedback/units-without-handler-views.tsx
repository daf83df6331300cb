import type { FastifyRequest } from 'fastify';
import { DataTable } from '../http/data-table.tsx';
import { Page } from '../http/layout.tsx';
import { formatNumber } from '../shared/i18n/format.ts';
import { nodeName } from '../organisation/node.ts';
import type { UnhandledUnit } from './units-without-handler.ts';

/** The units whose feedback no one is named to handle, with what already waits there, and how to fix it. */
export function UnitsWithoutHandlerPage({ request, units, total }: { request: FastifyRequest; units: UnhandledUnit[]; total: number }) {
  const { t, lang } = request;
  return (
    <Page request={request} title={t('noHandler.title')}>
      <p>{t('noHandler.intro')}</p>
      {total === 0 ? (
        <p class="notice">{t('noHandler.none')}</p>
      ) : (
        <>
          <p>
            {t('noHandler.count', { n: formatNumber(total, lang) })} <a href="/admin/users">{t('noHandler.grant')}</a>
          </p>
          <DataTable
            numeric={false}
            columns={[t('noHandler.unit'), t('noHandler.above'), t('noHandler.open')]}
            rows={units.map((u) => ({
              head: `${nodeName(u, lang)} (${u.code})`,
              cells: [nodeName({ name_fi: u.parent_fi ?? '', name_sv: u.parent_sv, name_en: u.parent_en }, lang), formatNumber(u.open_feedback, lang)],
              class: u.open_feedback > 0 ? 'overdue' : undefined,
            }))}
          />
          {total > units.length && <p class="hint">{t('noHandler.more', { n: formatNumber(units.length, lang) })}</p>}
        </>
      )}
    </Page>
  );
}
