import { publicPaths } from '../reports/public-results-routes.tsx';
import type { FastifyRequest } from 'fastify';
import { Page } from '../http/layout.tsx';
import { nodeName } from '../organisation/node.ts';
import { isMessageKey, type MessageKey } from '../shared/i18n/index.ts';
import type { FeedbackChannels } from './channels.ts';
import { formPaths } from './public-paths.ts';
import { changedPaths } from '../actions/public-paths.ts';

/** The ways to give feedback, described for residents, for the county or one of its units. */
export function ChannelsPage({ request, channels }: { request: FastifyRequest; channels: FeedbackChannels }) {
  const { t, lang } = request;
  const county = request.siteName ? ((lang === 'fi' ? request.siteName.fi : request.siteName[lang]) ?? request.siteName.fi) : '';
  const where = channels.node ? nodeName(channels.node, lang) : county;
  const form = `${formPaths[lang]}${channels.node ? `?kohde=${encodeURIComponent(channels.node.code)}` : ''}`;
  const results = `${publicPaths[lang]}${channels.node ? `?node=${encodeURIComponent(channels.node.code)}` : ''}`;
  return (
    <Page request={request} title={t('channels.title', { where })}>
      <p>{t('channels.intro', { days: channels.promiseDays })}</p>
      <h2>{t('channels.formTitle')}</h2>
      <p>{t('channels.form')}</p>
      <p>
        <a href={form}>{t('channels.formLink')}</a>
      </p>
      <h2>{t('channels.surveyTitle')}</h2>
      <p>{t('channels.survey')}</p>
      {channels.surveyChannels.length > 0 && (
        <ul>
          {channels.surveyChannels.map((c) => (
            <li>{isMessageKey(`channels.way.${c.channel}`) ? t(`channels.way.${c.channel}` as MessageKey) : c.channel}</li>
          ))}
        </ul>
      )}
      <h2>{t('channels.spokenTitle')}</h2>
      <p>{t('channels.spoken')}</p>
      <h2>{t('channels.formalTitle')}</h2>
      <p>{t('channels.formal')}</p>
      <h2>{t('channels.participateTitle')}</h2>
      <p>{t('channels.participate')}</p>
      <ul class="link-list">
        <li>
          <a href={`/asukaspooli${lang === 'fi' ? '' : `?lang=${lang}`}`}>{t('channels.pool')}</a>
        </li>
        <li>
          <a href={`/asiakasraati${lang === 'fi' ? '' : `?lang=${lang}`}`}>{t('channels.council')}</a>
        </li>
      </ul>
      <h2>{t('channels.resultsTitle')}</h2>
      <ul class="link-list">
        <li>
          <a href={results}>{t('channels.results')}</a>
        </li>
        <li>
          <a href={`${changedPaths[lang]}${channels.node ? `?node=${encodeURIComponent(channels.node.code)}` : ''}`}>{t('changed.linkFromChannels')}</a>
        </li>
      </ul>
    </Page>
  );
}
