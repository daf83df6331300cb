import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { Client, testApp } from '../../test/helpers/http.ts';
import { createApiKey } from '../access/api-keys.ts';
import { createUser, grantRole } from '../access/users.ts';
import { createFeedback } from './create-feedback.ts';

const system = { kind: 'system', name: 'test' } as const;

/** Who tries: the public, and one signed-in person per role (scopes as in seed-demo). */
const who = ['public', 'professional', 'handler', 'otherHandler', 'manager', 'analyst', 'admin'] as const;
type Who = (typeof who)[number];
type Row = Record<Who, number>;

// GET without a session goes to the sign-in page (303); a POST without one is refused (401).
const readers: Row = { public: 303, professional: 403, handler: 200, otherHandler: 403, manager: 200, analyst: 403, admin: 200 };
const handlers: Row = { public: 401, professional: 403, handler: 303, otherHandler: 403, manager: 303, analyst: 403, admin: 303 };
const figures: Row = { public: 303, professional: 403, handler: 200, otherHandler: 403, manager: 200, analyst: 200, admin: 200 };
const adminOnly: Row = { public: 303, professional: 403, handler: 403, otherHandler: 403, manager: 403, analyst: 403, admin: 200 };
const everyone: Row = { public: 200, professional: 200, handler: 200, otherHandler: 200, manager: 200, analyst: 200, admin: 200 };

describeEachDatabase(
  'who may do what with feedback: every route, role by role',
  ({ db }) => {
    let app: FastifyInstance;
    let unit = '';
    let sibling = '';
    const clients = new Map<Who, Client>();
    before(async () => {
      app = (await testApp(db())).app;
      const units = await db().query<{ code: string }>(
        "select code from org_node where parent_id = (select id from org_node where code = 'TER-VAS') and kind = 'unit' order by code limit 2",
      );
      [unit, sibling] = units.map((u) => u.code) as [string, string];
      await createUser(db(), system, {
        username: 'kotihoito',
        displayName: 'Kotihoidon käsittelijä',
        email: 'kotihoito@example.fi',
        password: 'long enough pw',
      });
      await grantRole(db(), system, { username: 'kotihoito', role: 'handler', nodeCode: 'IKA-KOT' });
      for (const w of who) {
        const c = new Client(app);
        if (w !== 'public') {
          await c.signIn(w === 'otherHandler' ? 'kotihoito' : w, w === 'otherHandler' ? 'long enough pw' : 'demo');
          await c.get('/admin');
        }
        clients.set(w, c);
      }
    });
    after(async () => app.close());

    const fresh = async () =>
      (await createFeedback(db(), null, { target: unit, text: 'Palaute pääsytestiin', contact: { email: 'aino@example.fi', phone: '0401234567' } })).id;

    const table: { action: string; expect: Row; run: (c: Client) => Promise<number> }[] = [
      { action: 'read the inbox', expect: { ...readers, otherHandler: 200 }, run: async (c) => (await c.get('/admin/feedback')).statusCode },
      { action: 'read one feedback', expect: readers, run: async (c) => (await c.get(`/admin/feedback/${await fresh()}`)).statusCode },
      {
        action: 'comment',
        expect: handlers,
        run: async (c) => (await c.post(`/admin/feedback/${await fresh()}/comment`, { body: 'Sisäinen huomio' })).statusCode,
      },
      {
        action: 'answer the customer',
        expect: handlers,
        run: async (c) => (await c.post(`/admin/feedback/${await fresh()}/reply`, { channel: 'email', body: 'Vastaus asiakkaalle' })).statusCode,
      },
      { action: 'move', expect: handlers, run: async (c) => (await c.post(`/admin/feedback/${await fresh()}/move`, { target: sibling })).statusCode },
      {
        action: 'mark muistutus/kantelu',
        expect: handlers,
        run: async (c) => (await c.post(`/admin/feedback/${await fresh()}/formal`, { process: 'kantelu' })).statusCode,
      },
      {
        action: 'mark handled',
        expect: handlers,
        run: async (c) => (await c.post(`/admin/feedback/${await fresh()}/handled`, { effects: 'noted', description: 'Tiedoksi' })).statusCode,
      },
      { action: 'see the figures', expect: figures, run: async (c) => (await c.get('/admin/feedback/figures?node=TER-VAS')).statusCode },
      { action: 'see what feedback led to', expect: figures, run: async (c) => (await c.get('/admin/feedback/led-to?node=TER-VAS')).statusCode },
      { action: 'export CSV', expect: figures, run: async (c) => (await c.get('/admin/feedback/export.csv?node=TER-VAS')).statusCode },
      { action: 'export Excel', expect: figures, run: async (c) => (await c.get('/admin/feedback/export.xlsx?node=TER-VAS')).statusCode },
      { action: 'see page feedback', expect: figures, run: async (c) => (await c.get('/admin/feedback/pages?node=TER-VAS')).statusCode },
      {
        action: 'log on a customer’s behalf',
        expect: { ...everyone, public: 303, analyst: 403 },
        run: async (c) => (await c.get('/admin/feedback/new')).statusCode,
      },
      { action: 'read the spam queue', expect: adminOnly, run: async (c) => (await c.get('/admin/feedback/spam')).statusCode },
      {
        action: 'release from the spam queue',
        expect: { ...handlers, handler: 403, manager: 403 },
        run: async (c) => {
          const f = await createFeedback(db(), null, { target: unit, text: 'Robotti?', honeypot: 'x' });
          return (await c.post(`/admin/feedback/${f.id}/spam`, { genuine: 'true' })).statusCode;
        },
      },
      { action: 'read the outbox', expect: adminOnly, run: async (c) => (await c.get('/admin/outbox')).statusCode },
      { action: 'give feedback on the public form', expect: everyone, run: async (c) => (await c.get('/palaute')).statusCode },
      {
        action: 'answer the page widget',
        expect: everyone,
        run: async (c) => (await c.post('/widget/page-feedback', { node: unit, rating: 'yes' }, { csrf: false })).statusCode,
      },
      {
        action: 'read someone else’s receipt by guessing',
        expect: { public: 404, professional: 404, handler: 404, otherHandler: 404, manager: 404, analyst: 404, admin: 404 },
        run: async (c) => (await c.get('/palaute/kuitti/AAAAAAAAAAAAAAAAAAAAAAAA')).statusCode,
      },
    ];

    for (const row of table) {
      it(`${row.action}: ${who.map((w) => `${w} ${row.expect[w]}`).join(', ')}`, async () => {
        const got = {} as Row;
        for (const w of who) got[w] = await row.run(clients.get(w)!);
        assert.deepEqual(got, row.expect);
      });
    }

    it('the public reads back only its own receipt, by its unguessable address', async () => {
      const c = new Client(app);
      const sent = await c.post('/palaute', { action: 'send', category: 'TER', target: unit, text: 'Oma palautteeni' }, { csrf: false });
      assert.equal(sent.statusCode, 303);
      const receipt = await c.get(sent.headers.location as string);
      assert.equal(receipt.statusCode, 200);
      assert.match(receipt.body, /<dd class="reference">K-\d{4}-\d{6}<\/dd>/);
      assert.doesNotMatch(receipt.body, /Oma palautteeni/, 'not even the text is shown back');
    });

    it('integrations: feedback:write keys create feedback, results:read keys read figures, neither reads feedback', async () => {
      const { key: writer } = await createApiKey(db(), system, { name: 'chat', scopes: ['feedback:write'] });
      const { key: reader } = await createApiKey(db(), system, { name: 'reports', scopes: ['results:read'] });
      const post = (key?: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/feedback',
          payload: { target: unit, text: 'Chatin kautta', channel: 'chat' },
          headers: key ? { authorization: `Bearer ${key}` } : {},
        });
      const figuresBy = (key?: string) => app.inject({ url: '/api/v1/feedback/figures?node=TER-VAS', headers: key ? { authorization: `Bearer ${key}` } : {} });
      assert.deepEqual([(await post(writer)).statusCode, (await post(reader)).statusCode, (await post()).statusCode], [201, 403, 401]);
      assert.deepEqual([(await figuresBy(reader)).statusCode, (await figuresBy(writer)).statusCode, (await figuresBy()).statusCode], [200, 403, 401]);
      const [f] = await db().query<{ id: number }>('select id from feedback order by id desc limit 1');
      assert.equal(
        (await app.inject({ url: `/admin/feedback/${f!.id}`, headers: { authorization: `Bearer ${writer}` } })).statusCode,
        303,
        'keys do not open staff pages',
      );
    });
  },
  { demo: 'organisation' },
);
