import type { ComponentChildren } from 'preact';
import type { FastifyRequest } from 'fastify';
import { languages } from '../shared/i18n/index.ts';

export interface PageProps {
  request: FastifyRequest;
  title: string;
  children: ComponentChildren;
  notice?: string | undefined;
  /** Refresh every n seconds (progress pages that work without JavaScript). */
  refreshSeconds?: number;
}

/** The administration page: every settings, queue and log link the person may use, by section. */
export const manageHref = '/admin/manage';

export function withLang(url: string, lang: string): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

export function CsrfField({ request }: { request: FastifyRequest }) {
  return <input type="hidden" name="_csrf" value={request.csrfToken ?? ''} />;
}

export function Page({ request, title, children, notice, refreshSeconds }: PageProps) {
  const { t, lang, principal } = request;
  const user = principal?.kind === 'user' ? principal : undefined;
  // Residents see whose service this is; staff know they are in Kaiku.
  const county = request.siteName;
  const siteName = !user && county ? ((lang === 'fi' ? county.fi : county[lang]) ?? county.fi) : t('app.name');
  // Each capability declares its menu links (capability.ts); the app hands them over sorted.
  // Settings, queues and logs are gathered on the administration page, so the header keeps the day's work.
  const visible = user ? request.server.kaikuMenu.filter((n) => n.show(user)) : [];
  const manage = visible.some((n) => n.section) ? [{ href: manageHref, label: 'nav.manage' as const, order: 195 }] : [];
  const nav = [...visible.filter((n) => !n.section), ...manage].sort((a, b) => a.order - b.order).map((n) => ({ href: n.href, label: t(n.label) }));
  const path = request.url.split('?')[0] ?? '/';
  // The current section is the longest menu address the page is at or under, an administration
  // page's being the administration link. The front page (/admin) is current only on itself.
  const at = [...visible, ...manage]
    .filter((n) => path === n.href || (n.href !== '/admin' && path.startsWith(`${n.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0];
  const current = at && 'section' in at && at.section ? manageHref : at?.href;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {refreshSeconds ? (
          // A progress page: reloaded by script; meta refresh only without JavaScript (axe: WCAG 2.2.1).
          <>
            <noscript>
              <meta http-equiv="refresh" content={String(refreshSeconds)} />
            </noscript>
            <script src="/static/reload.js" data-seconds={String(Math.round(refreshSeconds))} defer />
          </>
        ) : null}
        <title>{`${title} – ${siteName}`}</title>
        <link rel="stylesheet" href="/static/kaiku.css" />
        {nav.length > 0 && <script src="/static/menu.js" defer />}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top">
          <a class="brand" href={user ? '/admin' : (request.siteBrand?.homeUrl ?? '/')}>
            {!user && request.siteBrand?.logoVersion && <img class="logo" src={`/brand/logo?v=${request.siteBrand.logoVersion}`} alt="" height="40" />}
            {siteName}
          </a>
          {nav.length > 0 && (
            // Shown by menu.js on a narrow screen, where it folds the menu away; without script the menu is simply open.
            <button type="button" class="menu-toggle secondary" aria-expanded="true" aria-controls="main-menu site-tools" hidden>
              {t('nav.menu')}
            </button>
          )}
          {nav.length > 0 && (
            <nav id="main-menu" aria-label={t('nav.main')}>
              <ul>
                {nav.map((n) => (
                  <li>
                    <a href={n.href} aria-current={n.href === current ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div class="tools" id="site-tools">
            <ul class="langs" aria-label={t('lang.choose')}>
              {languages.map((l) => (
                <li>
                  <a href={withLang(request.url, l)} lang={l} hreflang={l} aria-current={l === lang ? 'true' : undefined}>
                    {t(`lang.${l}`)}
                  </a>
                </li>
              ))}
            </ul>
            {user && (
              <form method="post" action="/logout" class="inline">
                <CsrfField request={request} />
                <button type="submit" class="link">
                  {t('nav.signOut')} ({user.username})
                </button>
              </form>
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <h1>{title}</h1>
          {notice && (
            <p class="notice" role="status">
              {notice}
            </p>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}

/** A long job's progress, announced to screen readers; the page refreshes itself meanwhile. */
export function JobProgress({ label, done, total }: { label: string; done: number; total: number }) {
  return (
    <div role="status">
      <p>{label}</p>
      <progress max={total || 1} value={done} aria-label={label} />
    </div>
  );
}

/** A form's error summary: each problem a link to its field, announced at once. */
export function ErrorSummary({ title, items, id }: { title: string; items: { href: string; text: string }[]; id?: string }) {
  if (items.length === 0) return null;
  return (
    <div class="errors" role="alert" id={id}>
      <p>{title}</p>
      <ul>
        {items.map((i) => (
          <li>
            <a href={i.href}>{i.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorList({ title, items }: { title: string; items: string[] }) {
  return (
    <div class="errors" role="alert">
      <p>{title}</p>
      {items.length > 0 && (
        <ul>
          {items.map((i) => (
            <li>{i}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
