import http from 'node:http';
import { type CryptoKey, decodeJwt, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import Provider from 'oidc-provider';
import { freePort } from './net.ts';

/** A person the test provider knows: signing in as `login` gives these claims. */
export interface Person {
  name: string;
  email: string;
  roles: string[];
  /** Entra's object id for the person, when the test plays Entra (SCIM's externalId). */
  oid?: string;
}

/**
 * A real OpenID provider (oidc-provider, the certified Node implementation) on loopback, with
 * Kaiku registered as a client. It stands behind a small proxy on its issuer address, so that a
 * test can play an attacker on the wire: the next ID token the token endpoint hands out can be
 * changed and signed again, with the provider's own key or a foreign one.
 */
export interface TestIdp {
  issuer: string;
  people: Map<string, Person>;
  /** Kaiku's environment for this provider. */
  env: Record<string, string>;
  tamperNextIdToken(change: (claims: JWTPayload) => JWTPayload, opts?: { foreignKey?: boolean }): void;
  /** A back-channel logout token as the provider would sign it (or as a forger would, with `foreignKey`). */
  logoutToken(claims: JWTPayload, opts?: { foreignKey?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export const clientId = 'kaiku';
const clientSecret = 'a-client-secret-for-the-test-provider-only';

async function signingKey(kid: string) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startTestIdp(kaikuBase: string): Promise<TestIdp> {
  const [innerPort, port] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${port}`;
  const own = await signingKey('idp-key');
  const foreign = await signingKey('idp-key'); // same key id, other key: a forgery
  const people = new Map<string, Person>();

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${kaikuBase}/auth/oidc/callback`],
        post_logout_redirect_uris: [`${kaikuBase}/login`],
        backchannel_logout_uri: `${kaikuBase}/auth/oidc/backchannel-logout`,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [own.jwk] },
    cookies: { keys: ['test-provider-cookie-key'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, backchannelLogout: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    claims: { openid: ['sub', 'oid'], profile: ['name'], email: ['email'], roles: ['roles'] },
    scopes: ['openid', 'profile', 'email', 'roles'],
    async findAccount(_ctx, id) {
      const person = people.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, name: person.name, email: person.email, roles: person.roles, ...(person.oid ? { oid: person.oid } : {}) }),
      };
    },
    // Consent is the county's business at its provider, not this test's: every scope is granted.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid profile email roles');
      await grant.save();
      return grant;
    },
  });
  const inner = http.createServer(provider.callback());
  await new Promise<void>((resolve) => inner.listen(innerPort, '127.0.0.1', resolve));

  let tamper: { change: (c: JWTPayload) => JWTPayload; key: CryptoKey } | undefined;
  const proxy = http.createServer((req, res) => {
    const up = http.request({ host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers: req.headers }, (ur) => {
      const t = tamper;
      if (!(t && req.url?.startsWith('/token'))) {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
        return;
      }
      tamper = undefined;
      const chunks: Buffer[] = [];
      ur.on('data', (c: Buffer) => chunks.push(c));
      ur.on('end', async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id_token?: string };
        if (body.id_token) {
          body.id_token = await new SignJWT(t.change(decodeJwt(body.id_token))).setProtectedHeader({ alg: 'RS256', kid: 'idp-key' }).sign(t.key);
        }
        const text = JSON.stringify(body);
        const { 'content-length': _length, 'transfer-encoding': _te, ...headers } = ur.headers;
        res.writeHead(ur.statusCode ?? 502, { ...headers, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));

  return {
    issuer,
    people,
    env: {
      KAIKU_OIDC_ISSUER: issuer,
      KAIKU_OIDC_CLIENT_ID: clientId,
      KAIKU_OIDC_CLIENT_SECRET: clientSecret,
      KAIKU_OIDC_SCOPES: 'openid profile email roles',
    },
    tamperNextIdToken(change, opts = {}) {
      tamper = { change, key: opts.foreignKey ? foreign.privateKey : own.privateKey };
    },
    async logoutToken(claims, opts = {}) {
      // Stamped as the provider stamps it (jose's setIssuedAt): the receiving side checks it against its own clock.
      return new SignJWT({
        iss: issuer,
        aud: clientId,
        jti: String(Math.random()),
        events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-key', typ: 'logout+jwt' })
        .setIssuedAt()
        .sign(opts.foreignKey ? foreign.privateKey : own.privateKey);
    },
    async close() {
      proxy.closeAllConnections();
      inner.closeAllConnections();
      await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => inner.close(r))]);
    },
  };
}

/**
 * A browser without a browser, for the HTTP tests: keeps cookies per host and follows the
 * provider's sign-in (its development login form) until it is sent back to Kaiku's callback.
 */
export class CookieJar {
  private jar = new Map<string, Map<string, string>>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    const cookies = this.jar.get(u.host) ?? new Map<string, string>();
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(u, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...value] = pair!.split('=');
      const gone = attrs.some((a) => /^\s*(max-age=0|expires=Thu, 01 Jan 1970)/i.test(a)) || value.join('=') === '';
      if (gone) cookies.delete(name!.trim());
      else cookies.set(name!.trim(), value.join('='));
    }
    this.jar.set(u.host, cookies);
    return res;
  }

  has(host: string, name: string): boolean {
    return this.jar.get(host)?.has(name) ?? false;
  }
}

/** Starts Kaiku's sign-in and signs in at the provider as `login`; returns the callback address the provider sends back. */
export async function signInAtProvider(jar: CookieJar, kaikuBase: string, login: string): Promise<string> {
  let res = await jar.fetch(`${kaikuBase}/auth/oidc/login`);
  for (let hops = 0; hops < 10; hops++) {
    const location = res.headers.get('location');
    if (!location) throw new Error(`The sign-in stopped at ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const next = new URL(location, res.url || kaikuBase);
    if (next.href.startsWith(`${kaikuBase}/auth/oidc/callback`)) return next.href;
    res = await jar.fetch(next.href);
    if (res.status === 200 && /name="login"/.test(await res.clone().text())) {
      res = await jar.fetch(next.href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
      });
    }
  }
  throw new Error('The sign-in went round in circles');
}
