import { freePort } from './net.ts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { loadConfig, type Config } from '../../src/shared/config.ts';
import type { Db } from '../../src/shared/db.ts';

export async function testApp(db: Db, env: Record<string, string> = {}): Promise<{ app: FastifyInstance; config: Config }> {
  const config = loadConfig({ LOG_LEVEL: 'silent', KAIKU_DEMO: '1', ...env });
  return { app: await buildApp({ db, config }), config };
}

/** A browser-like client over app.inject: keeps cookies, reads the CSRF token from pages. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(
    readonly app: FastifyInstance,
    readonly headers: Record<string, string> = {},
    /** Where the requests come from, for rate limits counted by address. */
    readonly remoteAddress = '127.0.0.1',
  ) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]*)"/.exec(res.body);
    if (m?.[1]) this.csrf = m[1];
    return res;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { ...this.headers, cookie: this.cookieHeader(), ...headers } }),
    );
  }

  /** A form sent by POST, or by `opts.method` (PUT, PATCH, DELETE) where a route takes another. */
  async post(url: string, form: Record<string, string | string[]>, opts: { csrf?: boolean; method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE' } = {}) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    if (opts.csrf !== false && !('_csrf' in form)) body.append('_csrf', this.csrf);
    return this.remember(
      await this.app.inject({
        remoteAddress: this.remoteAddress,
        method: opts.method ?? 'POST',
        url,
        payload: body.toString(),
        headers: { ...this.headers, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  async postFile(url: string, fields: Record<string, string>, file: { name: string; filename: string; content: string | Buffer; type?: string }) {
    const boundary = `----kaikutest${Math.random().toString(16).slice(2)}`;
    const parts = Object.entries({ _csrf: this.csrf, ...fields }).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    const payload = Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.remember(
      await this.app.inject({
        remoteAddress: this.remoteAddress,
        method: 'POST',
        url,
        payload,
        headers: { ...this.headers, cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      }),
    );
  }

  async signIn(username: string, password: string) {
    const page = await this.get('/login');
    const token = /name="_login" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await this.post('/login', { username, password, _login: token, next: '/admin' }, { csrf: false });
    if (res.statusCode === 303) await this.get('/admin');
    return res;
  }
}

/** The page's visible text, for short and readable failure messages. */
export function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function assertPage(html: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(html)) {
    const text = visibleText(html);
    throw new Error(`${message ?? 'Page does not match'} ${pattern}\n  page text: ${text.slice(0, 700)}${text.length > 700 ? ' …' : ''}`);
  }
}

/**
 * The app listening on a loopback port for a real browser. "localhost" is a secure context, so
 * the Secure session cookie works over plain http there.
 */
export async function serveForBrowser(db: Db, env: Record<string, string> = {}): Promise<{ app: FastifyInstance; base: string; config: Config }> {
  // The port is chosen first, so links Kaiku writes into e-mail (KAIKU_PUBLIC_URL) lead back here.
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const { app, config } = await testApp(db, { KAIKU_PUBLIC_URL: base, ...env });
  await app.listen({ port, host: '127.0.0.1' });
  return { app, base, config };
}
