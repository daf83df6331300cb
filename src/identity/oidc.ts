import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';

/** The county's OpenID provider as Kaiku's config names it (KAIKU_OIDC_*). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  rolesClaim: string;
  redirectUri: string;
}

// Discovery once per issuer and process; a failed discovery is tried again at the next sign-in.
const discovered = new Map<string, Promise<client.Configuration>>();

/** Plain http is allowed only for a provider on this machine (tests, a local Keycloak). */
const loopback = (issuer: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(issuer);

export function providerConfig(s: OidcSettings): Promise<client.Configuration> {
  let c = discovered.get(s.issuer);
  if (!c) {
    c = client.discovery(
      new URL(s.issuer),
      s.clientId,
      s.clientSecret,
      undefined,
      loopback(s.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    c.catch(() => discovered.delete(s.issuer));
    discovered.set(s.issuer, c);
  }
  return c;
}

/** What a sign-in must remember until the provider sends the browser back. */
export interface LoginStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The authorization code flow with PKCE (S256), state and nonce. */
export async function startLogin(s: OidcSettings): Promise<LoginStart> {
  const config = await providerConfig(s);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri,
    scope: s.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state, nonce, codeVerifier };
}

/** Who the provider says signed in, from a verified ID token (and the userinfo endpoint for what it lacks). */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  name: string;
  email: string | null;
  /** Values of the roles claim (and `groups`), matched against the county's mapping. */
  claimValues: string[];
  sid: string | null;
  /** The provider's own id for the person (Entra's `oid`, else the subject): SCIM's externalId. */
  objectId: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** A claim by a dotted path, for Keycloak's `realm_access.roles` and the like. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), claims);
}

/**
 * Exchanges the code: the library checks the state, the PKCE verifier, the ID token's signature,
 * issuer, audience, expiry and nonce, and throws on any mismatch.
 */
export async function finishLogin(
  s: OidcSettings,
  callbackUrl: URL,
  pending: { state: string; nonce: string; codeVerifier: string },
): Promise<ProviderIdentity> {
  const config = await providerConfig(s);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims() as unknown as Record<string, unknown> & { iss: string; sub: string };
  // openid-client trusts an ID token fetched straight from the token endpoint without checking its
  // signature (OIDC Core 3.1.3.7 lets TLS stand in for it). Kaiku checks the signature anyway: a
  // TLS-inspecting proxy in a hospital network must not be able to hand in an identity.
  await jwtVerify(tokens.id_token!, providerKeys(config), { issuer: config.serverMetadata().issuer, audience: s.clientId });
  // Many providers put only the subject in the ID token and the rest behind the userinfo endpoint;
  // what the signed ID token says wins over what userinfo adds.
  const userinfo = config.serverMetadata().userinfo_endpoint
    ? ((await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)) as Record<string, unknown>)
    : {};
  const claims = { ...userinfo, ...idClaims };
  const values = [...strings(claimAt(claims, s.rolesClaim)), ...strings(claims.groups)];
  return {
    issuer: claims.iss,
    subject: claims.sub,
    name: String(claims.name ?? claims.preferred_username ?? claims.email ?? claims.sub).slice(0, 200),
    email: typeof claims.email === 'string' ? claims.email.slice(0, 254) : null,
    claimValues: [...new Set(values)],
    sid: typeof claims.sid === 'string' ? claims.sid : null,
    objectId: typeof claims.oid === 'string' ? claims.oid : claims.sub,
  };
}

/** Where to send the browser to sign out at the provider too (RP-initiated logout), if it has such an endpoint. */
export async function endSessionUrl(s: OidcSettings, postLogoutRedirectUri: string): Promise<URL | undefined> {
  const config = await providerConfig(s);
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(config, { client_id: s.clientId, post_logout_redirect_uri: postLogoutRedirectUri });
}

// The provider's signing keys, fetched once per issuer and again when a token names a new key.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function providerKeys(config: client.Configuration): ReturnType<typeof createRemoteJWKSet> {
  const m = config.serverMetadata();
  if (!m.jwks_uri) throw new Error('The provider publishes no keys');
  let keys = keySets.get(m.issuer);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(m.jwks_uri));
    keySets.set(m.issuer, keys);
  }
  return keys;
}

const backchannelEvent = 'http://schemas.openid.net/event/backchannel-logout';

/** OIDC Back-Channel Logout 1.0: a logout token signed by the provider, naming a subject or a session. */
export async function verifyLogoutToken(s: OidcSettings, token: string): Promise<{ subject: string | null; sid: string | null }> {
  const config = await providerConfig(s);
  const { payload } = await jwtVerify(token, providerKeys(config), {
    issuer: config.serverMetadata().issuer,
    audience: s.clientId,
    maxTokenAge: '5 minutes',
  });
  const events = payload.events as Record<string, unknown> | undefined;
  if (!events || typeof events[backchannelEvent] !== 'object') throw new Error('Not a logout token');
  if ('nonce' in payload) throw new Error('A logout token has no nonce');
  const subject = typeof payload.sub === 'string' ? payload.sub : null;
  const sid = typeof payload.sid === 'string' ? payload.sid : null;
  if (!subject && !sid) throw new Error('A logout token names a subject or a session');
  return { subject, sid };
}
