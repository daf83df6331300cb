import type { FastifyRequest } from 'fastify';
import { HorizontalBars } from '../http/charts.tsx';
import { Page } from '../http/layout.tsx';
import { channelPaths } from '../feedback/public-paths.ts';
import { nodeName } from '../organisation/node.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import { localeOf } from '../shared/i18n/format.ts';
import type { WhatChanged } from './what-changed.ts';

/** What feedback led to, told to residents: changes written for them, and what handled feedback led to. */
export function WhatChangedPage({ request, changed }: { request: FastifyRequest; changed: WhatChanged }) {
  const { t, lang } = request;
  const county = request.siteName ? ((lang === 'fi' ? request.siteName.fi : request.siteName[lang]) ?? request.siteName.fi) : '';
  const where = changed.node ? nodeName(changed.node, lang) : county;
  const month = (d: Date) => d.toLocaleDateString(localeOf(lang), { timeZone: 'Europe/Helsinki', month: 'long', year: 'numeric' });
  return (
    <Page request={request} title={t('changed.title', { where })}>
      <p>{t('changed.intro')}</p>
      <h2>{t('changed.actionsTitle')}</h2>
      {changed.done > 0 && <p>{t('changed.actionsCount', { n: changed.done })}</p>}
      {changed.changes.length === 0 ? (
        <p>{t('changed.none')}</p>
      ) : (
        <ul class="inbox-list">
          {changed.changes.map((c) => (
            <li class="inbox-item">
              <p class="preview">{c.summary}</p>
              <p class="meta">{t('changed.doneIn', { unit: c.unit, month: month(c.doneAt) })}</p>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('changed.effectsTitle')}</h2>
      {changed.handled === 0 ? (
        <p>{t('changed.effectsNone')}</p>
      ) : (
        <>
          <p>{t('changed.effectsIntro', { n: changed.handled })}</p>
          <HorizontalBars label={t('changed.effect')} items={changed.effects.map((e) => ({ label: t(`effect.${e.effect}` as MessageKey), value: e.count }))} />
        </>
      )}
      <p>
        <a href={`${channelPaths[lang]}${changed.node ? `?node=${encodeURIComponent(changed.node.code)}` : ''}`}>{t('changed.give')}</a>
      </p>
    </Page>
  );
}
