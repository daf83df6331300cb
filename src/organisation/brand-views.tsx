import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import type { Brand, BrandIssue } from './brand.ts';

/** The county's logo and the address its name leads to on the public pages, with a look at both. */
export function BrandPage(props: {
  request: FastifyRequest;
  brand: Brand;
  notice?: string | undefined;
  typed?: { homeUrl: string };
  issues?: BrandIssue[];
  maxKb?: number;
}) {
  const { t } = props.request;
  const issues = props.issues ?? [];
  const issueText: Record<BrandIssue, string> = {
    logo_type: t('brand.errType'),
    logo_size: t('brand.errSize', { kb: props.maxKb ?? 200 }),
    home_url: t('brand.errUrl'),
  };
  const county = props.request.siteName;
  return (
    <Page request={props.request} title={`${issues.length ? `${t('error.invalid')} ` : ''}${t('brand.title')}`} notice={props.notice}>
      <p>{t('brand.intro')}</p>
      {issues.length > 0 && <ErrorList title={t('error.invalid')} items={issues.map((i) => issueText[i])} />}
      <h2>{t('brand.now')}</h2>
      <div class="brand-preview">
        <span class="brand">
          {props.brand.logoVersion && <img class="logo" src={`/brand/logo?v=${props.brand.logoVersion}`} alt={t('brand.logoAlt')} height="40" />}
          {county?.fi}
        </span>
        <p>
          {t('brand.leadsTo')} <code>{props.brand.homeUrl ?? t('brand.leadsToForm')}</code>
        </p>
      </div>
      <form method="post" action="/admin/brand" enctype="multipart/form-data">
        <CsrfField request={props.request} />
        <label for="b-logo">{t('brand.logo')}</label>
        <p class="hint" id="b-logo-hint">
          {t('brand.logoHint', { kb: props.maxKb ?? 200 })}
        </p>
        <input
          id="b-logo"
          name="logo"
          type="file"
          accept="image/png,image/svg+xml,.png,.svg"
          aria-describedby="b-logo-hint"
          aria-invalid={issues.includes('logo_type') || issues.includes('logo_size') ? 'true' : undefined}
        />
        {props.brand.logoVersion && (
          <label class="check">
            <input type="checkbox" name="removeLogo" value="yes" /> {t('brand.removeLogo')}
          </label>
        )}
        <label for="b-url">{t('brand.homeUrl')}</label>
        <p class="hint" id="b-url-hint">
          {t('brand.homeUrlHint')}
        </p>
        <input
          id="b-url"
          name="homeUrl"
          type="url"
          inputmode="url"
          value={props.typed?.homeUrl ?? props.brand.homeUrl ?? ''}
          aria-describedby="b-url-hint"
          aria-invalid={issues.includes('home_url') ? 'true' : undefined}
          maxlength={500}
        />
        <p>
          <button type="submit">{t('common.save')}</button>
        </p>
      </form>
    </Page>
  );
}
