import type { FastifyRequest } from 'fastify';
import { type Role, roles } from '../access/roles.ts';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import type { RoleMapping } from './mappings.ts';

/** Signed in at the provider, but no mapped claim and no grant in Kaiku: whom to ask. */
export function NoAccessPage({ request, admins }: { request: FastifyRequest; admins: { display_name: string; email: string | null }[] }) {
  const { t } = request;
  return (
    <Page request={request} title={t('identity.noAccessTitle')}>
      <p>{t('identity.noAccess')}</p>
      {admins.length > 0 && (
        <>
          <h2>{t('identity.admins')}</h2>
          <ul>
            {admins.map((a) => (
              <li>{a.email ? <a href={`mailto:${a.email}`}>{a.display_name}</a> : a.display_name}</li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}

/** A sign-in that did not come back right (a tampered state, a replayed or expired code, a bad token). */
export function SignInFailedPage({ request }: { request: FastifyRequest }) {
  const { t } = request;
  return (
    <Page request={request} title={t('identity.failedTitle')}>
      <p>{t('identity.failed')}</p>
      <p>
        <a class="button" href="/auth/oidc/login">
          {t('identity.signInWithProvider')}
        </a>
      </p>
    </Page>
  );
}

/** What the county's IT registers at the provider, and how Kaiku is set up to use it. */
export interface ProviderSetup {
  issuer: string | undefined;
  redirectUri: string;
  backchannelUri: string;
  rolesClaim: string;
  localLogin: 'on' | 'admins' | 'off';
  /** The SCIM base URL to give the provider's provisioning, when a token is set. */
  scimUrl: string | undefined;
}

/** The county's mapping from the provider's roles and groups to Kaiku roles on the tree. */
export function MappingsPage(props: {
  request: FastifyRequest;
  mappings: RoleMapping[];
  setup: ProviderSetup;
  notice?: string | undefined;
  error?: string | undefined;
  typed?: { claimValue?: string; role?: string; node?: string };
}) {
  const { request, setup } = props;
  const { t } = request;
  const typed = props.typed ?? {};
  return (
    <Page request={request} title={t('identity.mappingsTitle')} notice={props.notice}>
      <h2>{t('identity.setup')}</h2>
      <dl class="facts">
        <dt>{t('identity.issuer')}</dt>
        <dd>{setup.issuer ?? t('identity.notConfigured')}</dd>
        <dt>{t('identity.redirectUri')}</dt>
        <dd>
          <code>{setup.redirectUri}</code>
        </dd>
        <dt>{t('identity.backchannelUri')}</dt>
        <dd>
          <code>{setup.backchannelUri}</code>
        </dd>
        <dt>{t('identity.rolesClaim')}</dt>
        <dd>
          <code>{setup.rolesClaim}</code>
        </dd>
        <dt>{t('identity.localLogin')}</dt>
        <dd>{t(`identity.localLogin.${setup.localLogin}`)}</dd>
        <dt>{t('identity.scim')}</dt>
        <dd>{setup.scimUrl ? <code>{setup.scimUrl}</code> : t('identity.scimOff')}</dd>
      </dl>
      <h2>{t('identity.mappings')}</h2>
      <p>{t('identity.mappingsIntro')}</p>
      {props.mappings.length === 0 ? (
        <p>{t('identity.none')}</p>
      ) : (
        <table>
          <caption>{t('identity.mappings')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('identity.claimValue')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.node')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('identity.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.mappings.map((m) => (
              <tr>
                <td>
                  <code>{m.claim_value}</code>
                </td>
                <td>{t(`role.${m.role}`)}</td>
                <td>
                  {m.node_name} <span class="muted">{m.node_code}</span>
                </td>
                <td>
                  <form method="post" action={`/admin/identity/mappings/${m.id}/remove`} class="inline">
                    <CsrfField request={request} />
                    <button type="submit" class="secondary" aria-label={`${t('identity.remove')}: ${m.claim_value}, ${t(`role.${m.role}`)}, ${m.node_name}`}>
                      {t('identity.remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="add-mapping">{t('identity.addMapping')}</h2>
      {props.error && <ErrorList title={props.error} items={[]} />}
      <form method="post" action="/admin/identity/mappings" class="row" aria-labelledby="add-mapping">
        <CsrfField request={request} />
        <div>
          <label for="m-claim">{t('identity.claimValue')}</label>
          <input id="m-claim" name="claimValue" type="text" required maxLength={200} value={typed.claimValue ?? ''} autocomplete="off" />
        </div>
        <div>
          <label for="m-role">{t('users.role')}</label>
          <select id="m-role" name="role">
            {roles.map((r: Role) => (
              <option value={r} selected={typed.role === r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="m-node">{t('users.node')}</label>
          <input id="m-node" name="node" type="text" required maxLength={200} value={typed.node ?? ''} autocomplete="off" />
        </div>
        <button type="submit">{t('identity.add')}</button>
      </form>
    </Page>
  );
}
