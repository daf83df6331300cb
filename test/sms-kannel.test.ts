import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import type { Config } from '../src/shared/config.ts';
import type { Db } from '../src/shared/db.ts';
import { startDueConversations, storeSmsAnswers } from '../src/sms/conversation.ts';
import { deliverSms } from '../src/sms/deliver.ts';
import { smsProvider } from '../src/sms/providers.ts';
import { acceptVisits } from '../src/sms/visits.ts';
import { testTargets } from './helpers/databases.ts';
import { serveForBrowser } from './helpers/http.ts';
import { freePort } from './helpers/net.ts';
import { waitUntil } from './helpers/wait.ts';
import { useDemoClock } from './helpers/demo.ts';
import { clock } from '../src/shared/clock.ts';

const fakesmsc = '/usr/lib/kannel/test/fakesmsc';
const secret = 'kannel-callback-secret-0123456789';

function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  return waitUntil(what, check);
}

/**
 * Kannel as a county would run it (bearerbox with a fake SMSC, smsbox with sendsms and an
 * sms-service calling Kaiku), and Kannel's fakesmsc as the customer's phone.
 */
describe('SMS survey through a real Kannel and its fake SMSC', () => {
  let db: Db;
  let app: FastifyInstance;
  let config: Config;
  const boxes: ChildProcess[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-kannel-'));
  let smscPort = 0;

  before(async () => {
    for (const f of ['/usr/sbin/bearerbox', '/usr/sbin/smsbox', fakesmsc]) {
      if (!fs.existsSync(f)) throw new Error(`${f} is missing: apt-get install -y kannel kannel-extras`);
    }
    const [admin, box, sendsms] = [await freePort(), await freePort(), await freePort()];
    smscPort = await freePort();
    db = await testTargets()[0]!.open();
    await importOrgTree(db, {
      csv: 'code,parent_code,kind,name_fi,name_sv,name_en,active\nC,,county,Kaikula,,,true\nU1,C,unit,Porvoon terveysasema,Borgå hälsostation,,true\n',
      source: 'test',
    });
    let base = '';
    ({ app, base, config } = await serveForBrowser(db, {
      KAIKU_SMS_PROVIDER: 'kannel',
      KAIKU_KANNEL_URL: `http://127.0.0.1:${sendsms}/cgi-bin/sendsms`,
      KAIKU_KANNEL_USER: 'kaiku',
      KAIKU_KANNEL_PASSWORD: 'kaiku-pw',
      KAIKU_SMS_WEBHOOK_SECRET: secret,
      KAIKU_SMS_SENDER: 'Kaikula',
    }));
    const kaiku = base.replace('localhost', '127.0.0.1');
    fs.writeFileSync(
      path.join(dir, 'kannel.conf'),
      `
group = core
admin-port = ${admin}
admin-password = admin-pw
smsbox-port = ${box}
admin-allow-ip = "127.0.0.1"
box-allow-ip = "127.0.0.1"
log-level = 1
log-file = "${dir}/bearerbox.log"
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = FAKE
port = ${smscPort}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${box}
sendsms-port = ${sendsms}
log-level = 1
log-file = "${dir}/smsbox.log"

group = sendsms-user
username = kaiku
password = kaiku-pw
max-messages = 10
concatenation = true

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "${kaiku}/api/v1/sms/kannel/inbound?secret=${secret}&id=%I&from=%p&text=%a"
`,
    );
    boxes.push(spawn('/usr/sbin/bearerbox', [path.join(dir, 'kannel.conf')], { stdio: 'ignore' }));
    await until(
      'bearerbox',
      async () =>
        (await fetch(`http://127.0.0.1:${admin}/status?password=admin-pw`)
          .then((r) => r.ok)
          .catch(() => false)) || undefined,
    );
    boxes.push(spawn('/usr/sbin/smsbox', [path.join(dir, 'kannel.conf')], { stdio: 'ignore' }));
    await until(
      'smsbox',
      async () =>
        (await fetch(`http://127.0.0.1:${sendsms}/`)
          .then(() => true)
          .catch(() => false)) || undefined,
    );
  });

  after(async () => {
    for (const b of boxes) b.kill('SIGTERM');
    await app?.close();
    await db?.close();
  });

  /** fakesmsc's url-encoding, to bytes (UCS-2 text is not valid UTF-8, so decodeURIComponent will not do). */
  const bytes = (s: string) => {
    const out: number[] = [];
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '%') {
        out.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
      } else out.push(s[i] === '+' ? 32 : s.charCodeAt(i));
    }
    return Buffer.from(out);
  };

  /** The phone: connects to the SMSC, receives what waits for it (joining long messages' parts) and sends its reply. */
  const phone = (from: string, reply: string) => {
    const p = spawn(fakesmsc, ['-H', '127.0.0.1', '-r', String(smscPort), '-i', '2', '-m', '1', `${from} 12345 text ${reply}`]);
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const received = () => {
      const whole: string[] = [];
      const parts = new Map<number, string[]>();
      for (const m of out.matchAll(/Got message \d+: <Kaikula \S+ (text|data|ucs2|udh) (?:(\S+) (data|ucs2) )?([^>]*)>/g)) {
        const [, type, udh, udhType, data] = m as unknown as [string, string, string | undefined, string | undefined, string];
        const kind = type === 'udh' ? udhType : type;
        const text = kind === 'text' ? data : kind === 'ucs2' ? bytes(data).swap16().toString('utf16le') : bytes(data).toString('utf8');
        if (type !== 'udh') {
          whole.push(text);
          continue;
        }
        // Concatenation header: 05 00 03 ref total seq
        const h = bytes(udh!);
        const [ref, total, seq] = [h[3]!, h[4]!, h[5]!];
        const list = parts.get(ref) ?? Array<string>(total).fill('');
        list[seq - 1] = text;
        parts.set(ref, list);
        if (list.every((x) => x !== '')) whole.push(list.join(''));
      }
      return whole;
    };
    return { out: () => out, received, stop: () => p.kill('SIGTERM') };
  };
  const inbound = async () => (await db.query<{ n: number }>('select count(*)::int as n from sms_inbound'))[0]!.n;

  it('asks, receives the answers from the phone, and stores them as an SMS answer; delivery reports come back', async () => {
    // Kaiku's clock stands at noon in Helsinki (the demo clock), inside the sending window, so the
    // test runs the same at any hour of any day.
    useDemoClock();
    const now = clock.now();
    const visitAt = new Date(now.getTime() - 10 * 60_000);
    const [accepted] = await acceptVisits(db, config, [
      {
        eventId: 'k-1',
        unit: 'U1',
        visitAt: visitAt.toISOString(),
        type: 'visit',
        phone: '040 123 4567',
        language: 'fi',
        age: 40,
        consent: true,
        nonDisclosure: false,
      },
    ]);
    assert.equal(accepted!.status, 'created');
    assert.equal((await startDueConversations(db, config)).started, 1);
    const provider = smsProvider(config);
    assert.equal(provider.name, 'kannel');

    const replies = ['9', 'neljä', 'viisi', 'Hoitaja oli ystävällinen'];
    const expectNext = [/^2\/4 /, /^3\/4 /, /^4\/4 /, /^Kiitos vastauksistasi!$/];
    for (const [i, text] of replies.entries()) {
      if (i === 0) assert.equal((await deliverSms(db, provider)).sent, 1, 'the first question went to Kannel');
      const p = phone('+358401234567', text);
      try {
        if (i === 0)
          await until('the first question on the phone', () =>
            p.received().find((m) => /^Hei, kiitos käynnistä \(Porvoon terveysasema .*1\/4 /s.test(m)),
          ).catch((e) => {
            console.log(p.out());
            throw e;
          });
        await until(`reply ${i + 1} at Kaiku`, async () => ((await inbound()) === i + 1 ? true : undefined));
        assert.equal((await deliverSms(db, provider)).sent, 1);
        await until(`message ${i + 2} on the phone`, () => p.received().find((m) => expectNext[i]!.test(m)));
      } finally {
        p.stop();
      }
    }
    assert.equal(await storeSmsAnswers(db, new Date(clock.millis() + 2 * 3_600_000)), 1, 'stored with the next batch');
    const [r] = await db.query<{ channel: string; answers: Record<string, unknown> }>("select channel, answers from response where channel = 'sms'");
    assert.deepEqual(r, { channel: 'sms', answers: { nps: 9, encounter: 4, information: 5, nps_open: 'Hoitaja oli ystävällinen' } });
    await until('delivery reports', async () => {
      const rows = await db.query<{ delivery: string | null }>('select delivery from outbox_sms');
      return rows.length === 5 && rows.every((x) => x.delivery === 'delivered') ? true : undefined;
    });
  });
});
