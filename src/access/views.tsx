import { adminGrants } from './permissions.ts';
import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { nodeKinds } from '../organisation/node.ts';
import type { ApiKeyInfo } from './api-keys.ts';
import type { AuditRow } from './audit.ts';
import { type Role, roles } from './roles.ts';
import type { LocalLogin } from './sessions.ts';
import type { UserWithGrants } from './users.ts';
import { formatNumber, formatTime } from '../shared/i18n/format.ts';
import { isMessageKey, type MessageKey } from '../shared/i18n/index.ts';
import type { HomeTask } from '../capability.ts';

const fmtTime = (d: Date | null, lang: string) => (d ? formatTime(d, lang) : '');

export function SignInPage(props: {
  request: FastifyRequest;
  loginToken: string;
  next: string;
  error?: string | undefined;
  username?: string;
  demo: boolean;
  /** The county's OpenID provider is configured: its button comes first. */
  provider: boolean;
  localLogin: LocalLogin;
}) {
  const { t } = props.request;
  return (
    <Page request={props.request} title={t('signIn.title')}>
      {props.error && <ErrorList title={props.error} items={[]} />}
      {props.provider && (
        <p>
          <a class="button" href={`/auth/oidc/login?next=${encodeURIComponent(props.next)}`}>
            {t('signIn.withProvider')}
          </a>
        </p>
      )}
      {props.provider && <h2>{props.localLogin === 'on' ? t('signIn.withPassword') : t('signIn.breakGlass')}</h2>}
      <form method="post" action="/login" class="login">
        <input type="hidden" name="_login" value={props.loginToken} />
        <input type="hidden" name="next" value={props.next} />
        <label for="username">{t('signIn.username')}</label>
        <input id="username" name="username" type="text" autocomplete="username" required value={props.username ?? ''} />
        <label for="password">{t('signIn.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p>
          <button type="submit">{t('signIn.submit')}</button>
        </p>
        {props.demo && <p class="muted">{t('signIn.demo')}</p>}
      </form>
    </Page>
  );
}

export function HomePage(props: {
  request: FastifyRequest;
  name: string;
  grants: { role: Role; node_code: string; node_name: string }[];
  counts: Record<string, number>;
  tasks: HomeTask[];
  notice?: string | undefined;
}) {
  const { t, lang } = props.request;
  return (
    <Page request={props.request} title={t('home.title', { name: props.name })} notice={props.notice}>
      {props.tasks.length > 0 && (
        <>
          <h2>{t('home.waiting')}</h2>
          <ul class="cards tasks">
            {props.tasks.map((task) => (
              <li class={`card task ${task.tone}`}>
                <a href={task.href}>
                  <span class="big">{formatNumber(task.count, lang)}</span> <span class="task-label">{t(task.label)}</span>
                </a>
                {task.detail && <p>{t(task.detail.key, task.detail.params)}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('home.roles')}</h2>
      {props.grants.length === 0 ? (
        <p>{t('home.noRoles')}</p>
      ) : (
        <ul>
          {props.grants.map((g) => (
            <li>
              {t(`role.${g.role}`)}: <a href={`/admin/org/${encodeURIComponent(g.node_code)}`}>{g.node_name}</a>
            </li>
          ))}
        </ul>
      )}
      {props.grants.some((g) => g.role === 'admin') && <OrgSummary request={props.request} counts={props.counts} />}
    </Page>
  );
}

/** The tree's size by kind: for administrators, who keep it. */
function OrgSummary(props: { request: FastifyRequest; counts: Record<string, number> }) {
  const { t, lang } = props.request;
  return (
    <>
      <h2>{t('home.orgSummary')}</h2>
      <div class="cards">
        {nodeKinds
          .filter((k) => props.counts[k])
          .map((k) => (
            <div class="card">
              <div>{t(`kind.plural.${k}`)}</div>
              <div class="big">{formatNumber(props.counts[k]!, lang)}</div>
            </div>
          ))}
      </div>
    </>
  );
}

export function UsersPage(props: { request: FastifyRequest; users: UserWithGrants[]; notice?: string | undefined; errors?: string[] }) {
  const { t, lang } = props.request;
  return (
    <Page request={props.request} title={t('users.title')} notice={props.notice}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.lastSignIn')}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr class={u.active ? '' : 'closed'}>
              <td>
                <a href={`/admin/users/${encodeURIComponent(u.username)}`}>{u.username}</a>
                {!u.active && <span class="tag"> {t('users.inactive')}</span>}
                {u.oidc_issuer && <span class="tag"> {t('users.providerAccount')}</span>}
              </td>
              <td>{u.display_name}</td>
              <td>{u.grants.map((g) => `${t(`role.${g.role}`)}: ${g.node_name}`).join('; ')}</td>
              <td>{u.last_sign_in_at ? fmtTime(u.last_sign_in_at, lang) : t('users.never')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="new-user">{t('users.create')}</h2>
      {props.errors && props.errors.length > 0 && <ErrorList title={t('error.invalid')} items={props.errors} />}
      <form method="post" action="/admin/users">
        <CsrfField request={props.request} />
        <label for="nu-username">{t('users.username')}</label>
        <input id="nu-username" name="username" type="text" required autocomplete="off" />
        <label for="nu-name">{t('users.displayName')}</label>
        <input id="nu-name" name="displayName" type="text" required autocomplete="off" />
        <label for="nu-email">{t('users.email')}</label>
        <input id="nu-email" name="email" type="email" autocomplete="off" />
        <label for="nu-password">{t('users.password')}</label>
        <input id="nu-password" name="password" type="password" autocomplete="new-password" minLength={10} />
        <label for="nu-locale">{t('users.locale')}</label>
        <select id="nu-locale" name="locale">
          <option value="fi">{t('lang.fi')}</option>
          <option value="sv">{t('lang.sv')}</option>
          <option value="en">{t('lang.en')}</option>
        </select>
        <p>
          <button type="submit">{t('users.createSubmit')}</button>
        </p>
      </form>
    </Page>
  );
}

export function UserPage(props: { request: FastifyRequest; user: UserWithGrants; notice?: string | undefined }) {
  const { t } = props.request;
  const u = props.user;
  const base = `/admin/users/${encodeURIComponent(u.username)}`;
  return (
    <Page request={props.request} title={`${u.display_name} (${u.username})`} notice={props.notice}>
      <p>
        {u.active ? t('users.active') : t('users.inactive')}
        {u.email ? ` · ${u.email}` : ''}
      </p>
      {u.oidc_issuer && <p>{t('users.providerAccountIs', { issuer: u.oidc_issuer })}</p>}
      <h2>{t('users.roles')}</h2>
      <table>
        <tbody>
          {u.grants.map((g) => (
            <tr>
              <td>{t(`role.${g.role}`)}</td>
              <td>
                <a href={`/admin/org/${encodeURIComponent(g.node_code)}`}>{g.node_name}</a> <span class="muted">{g.node_code}</span>
              </td>
              <td>
                {g.source !== 'manual' ? (
                  <span class="muted">{t('users.fromProvider')}</span>
                ) : (
                  <form method="post" action={`${base}/revoke`} class="inline">
                    <CsrfField request={props.request} />
                    <input type="hidden" name="role" value={g.role} />
                    <input type="hidden" name="node" value={g.node_code} />
                    <button type="submit" class="secondary" aria-label={`${t('users.revoke')}: ${t(`role.${g.role}`)}, ${g.node_name}`}>
                      {t('users.revoke')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('users.grant')}</h2>
      <form method="post" action={`${base}/grant`} class="row">
        <CsrfField request={props.request} />
        <div>
          <label for="g-role">{t('users.role')}</label>
          <select id="g-role" name="role">
            {roles.map((r) => (
              <option value={r}>{t(`role.${r}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="g-node">{t('users.node')}</label>
          <input id="g-node" name="node" type="text" required />
        </div>
        <button type="submit">{t('users.grantSubmit')}</button>
      </form>
      {!u.oidc_issuer && (
        <>
          <h2>{t('users.resetPassword')}</h2>
          <form method="post" action={`${base}/password`} class="row">
            <CsrfField request={props.request} />
            <div>
              <label for="u-password">{t('account.newPassword')}</label>
              <input id="u-password" name="password" type="password" autocomplete="new-password" required minLength={10} />
            </div>
            <button type="submit">{t('users.resetPassword')}</button>
          </form>
        </>
      )}
      <form method="post" action={`${base}/active`}>
        <CsrfField request={props.request} />
        <input type="hidden" name="active" value={u.active ? 'false' : 'true'} />
        <p>
          <button type="submit" class="secondary">
            {u.active ? t('users.deactivate') : t('users.activate')}
          </button>
        </p>
      </form>
    </Page>
  );
}

export function AccountPage(props: { request: FastifyRequest; notice?: string | undefined; error?: string | undefined }) {
  const { t } = props.request;
  return (
    <Page request={props.request} title={t('account.title')} notice={props.notice}>
      {props.error && <ErrorList title={props.error} items={[]} />}
      <form method="post" action="/admin/account/password">
        <CsrfField request={props.request} />
        <label for="a-current">{t('account.currentPassword')}</label>
        <input id="a-current" name="current" type="password" autocomplete="current-password" required />
        <label for="a-password">{t('account.newPassword')}</label>
        <input id="a-password" name="password" type="password" autocomplete="new-password" required minLength={10} />
        <p>
          <button type="submit">{t('account.changePassword')}</button>
        </p>
      </form>
      <form method="post" action="/admin/account/locale" class="row">
        <CsrfField request={props.request} />
        <div>
          <label for="a-locale">{t('users.locale')}</label>
          <select id="a-locale" name="locale">
            {(['fi', 'sv', 'en'] as const).map((l) => (
              <option value={l} selected={props.request.principal?.kind === 'user' && props.request.principal.locale === l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('common.save')}</button>
      </form>
    </Page>
  );
}

export function ApiKeysPage(props: {
  request: FastifyRequest;
  keys: ApiKeyInfo[];
  scopes: readonly string[];
  newKey?: string;
  error?: string | undefined;
  typed?: { name?: string; scopes?: string | string[]; node?: string };
}) {
  const typedScopes = ([] as string[]).concat(props.typed?.scopes ?? []);
  const user = props.request.principal?.kind === 'user' ? props.request.principal : undefined;
  const defaultNode = user ? (adminGrants(user)[0]?.nodeCode ?? '') : '';
  const { t, lang } = props.request;
  return (
    <Page request={props.request} title={t('apiKeys.title')}>
      <p>{t('apiKeys.help')}</p>
      {props.newKey && (
        <div class="notice" role="status">
          <p>{t('apiKeys.createdOnce')}</p>
          <p class="key">{props.newKey}</p>
        </div>
      )}
      {props.keys.length === 0 ? (
        <p>{t('apiKeys.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('apiKeys.name')}</th>
              <th scope="col">{t('apiKeys.scopes')}</th>
              <th scope="col">{t('apiKeys.node')}</th>
              <th scope="col">{t('apiKeys.lastUsed')}</th>
              <th scope="col">
                <span class="muted">kaiku_…</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((k) => (
              <tr class={k.revoked_at ? 'closed' : ''}>
                <td>{k.name}</td>
                <td>{k.scopes.join(', ')}</td>
                <td>{k.node_code ?? t('apiKeys.wholeCounty')}</td>
                <td>{fmtTime(k.last_used_at, lang) || t('common.none')}</td>
                <td>
                  <code>kaiku_{k.prefix}_…</code>{' '}
                  {k.revoked_at ? (
                    <span class="tag">{t('apiKeys.revoked')}</span>
                  ) : (
                    <form method="post" action={`/admin/api-keys/${k.prefix}/revoke`} class="inline">
                      <CsrfField request={props.request} />
                      <button type="submit" class="secondary" aria-label={`${t('apiKeys.revoke')}: ${k.name}`}>
                        {t('apiKeys.revoke')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('apiKeys.create')}</h2>
      {props.error && <ErrorList title={props.error} items={[]} />}
      <form method="post" action="/admin/api-keys">
        <CsrfField request={props.request} />
        <label for="k-name">{t('apiKeys.name')}</label>
        <input id="k-name" name="name" type="text" required maxLength={100} value={props.typed?.name ?? ''} />
        <label for="k-node">{t('apiKeys.node')}</label>
        <input id="k-node" name="node" type="text" required maxLength={200} value={props.typed?.node ?? defaultNode} aria-describedby="k-node-hint" />
        <p id="k-node-hint" class="hint">
          {t('apiKeys.nodeHint')}
        </p>
        <fieldset>
          <legend>{t('apiKeys.scopes')}</legend>
          {props.scopes.map((s) => (
            <label class="check">
              <input type="checkbox" name="scopes" value={s} checked={typedScopes.includes(s)} /> {s}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit">{t('apiKeys.create')}</button>
        </p>
      </form>
    </Page>
  );
}

export function AuditPage(props: { request: FastifyRequest; rows: AuditRow[]; action?: string | undefined; actions: readonly string[] }) {
  const { t, lang } = props.request;
  const last = props.rows[props.rows.length - 1];
  // An action recorded by a version that has no words for it yet is shown as recorded.
  const auditAction = (a: string) => (isMessageKey(`audit.action.${a}`) ? t(`audit.action.${a}` as MessageKey) : a);
  return (
    <Page request={props.request} title={t('audit.title')}>
      <form method="get" action="/admin/audit" class="row">
        <div>
          <label for="f-action">{t('audit.action')}</label>
          <select id="f-action" name="action">
            <option value="">{t('audit.all')}</option>
            {props.actions.map((a) => (
              <option value={a} selected={a === props.action}>
                {auditAction(a)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('audit.filter')}</button>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.target')}</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{fmtTime(r.at, lang)}</td>
              <td>{r.actor}</td>
              <td>{auditAction(r.action)}</td>
              <td>{r.target_type || r.target_id ? <code>{[r.target_type, r.target_id].filter(Boolean).join(': ')}</code> : ''}</td>
              <td>{r.details ? JSON.stringify(r.details) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {last && props.rows.length >= 100 && (
        <p>
          <a href={`/admin/audit?before=${last.id}${props.action ? `&action=${encodeURIComponent(props.action)}` : ''}`}>{t('audit.older')}</a>
        </p>
      )}
    </Page>
  );
}
