import { clock } from '../shared/clock.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { maybeOne } from '../shared/db.ts';
import { translator } from '../shared/i18n/index.ts';
import { queueSms } from '../messages/sms-outbox.ts';
import { nodeName, type OrgNode, nodeColumns } from '../organisation/node.ts';
import { openOn, type Question, type SurveyDefinition } from '../surveys/definition.ts';
import { storeResponses } from '../surveys/store-response.ts';
import { countFunnelStep } from '../surveys/funnel.ts';
import crypto from 'node:crypto';
import { helsinkiToday } from '../shared/i18n/format.ts';
import { backgroundVariables } from '../surveys/background.ts';
import { latestVersion, surveyVersion } from '../surveys/survey-queries.ts';
import type { AnswerValue } from '../surveys/validate-answers.ts';
import { firstMessage, questionMessage, retryMessage } from './messages.ts';
import { phoneHash } from './phone.ts';
import { normalisePhone } from '../shared/phone.ts';
import { parseReply } from './parse-answer.ts';
import { intoWindow, isInWindow } from './schedule.ts';
import { smsSettings, type VisitType } from './sms-settings.ts';
import { nodePath, overrideFor, smsQuestionsOf, smsSurveyOverrides } from './survey-overrides.ts';
import { deleteOldVisits, forgetVisit, surveyLanguage } from './visits.ts';
import { inviteByEmail } from './email-invitation.ts';
import { helsinkiDayStart, refuseRequests } from './recipients.ts';

interface DueVisit {
  id: number;
  unit_node_id: number;
  visit_at: Date;
  type: VisitType;
  call_type: string | null;
  /** null when the visit came with an e-mail address instead */
  phone: string | null;
  phone_hash: string;
  email: string | null;
  language: string | null;
  age: number | null;
  background: Record<string, string>;
  send_before: Date;
}

const ageGroup = (age: number | null) =>
  age === null ? undefined : age < 18 ? undefined : age < 30 ? '18-29' : age < 45 ? '30-44' : age < 65 ? '45-64' : age < 75 ? '65-74' : '75+';

const aliases: Record<string, string> = { customerJourneyStage: 'journeyStage', stage: 'journeyStage' };

/**
 * Only the background variables answers may carry, with their listed values: nothing free-form
 * from the patient system travels with an answer (a municipality or sex could single a person out
 * in a small unit).
 */
/** What of a visit travels with its answer: allowed background values, the kind of call and the age group. */
function visitBackground(v: Pick<DueVisit, 'background' | 'call_type' | 'age'>): Record<string, string> {
  const out = answerBackground(v.background);
  if (v.call_type) out.callType = v.call_type;
  const group = ageGroup(v.age);
  if (group) out.ageGroup = group;
  return out;
}

function answerBackground(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = aliases[k] ?? k;
    if (backgroundVariables[key]?.includes(v)) out[key] = v;
  }
  return out;
}

/**
 * Starts the survey for visits whose time has come: checks the rules that depend on other
 * requests (stopped numbers, the frequency rule, a conversation already going on), then creates
 * the conversation and queues its first message, all in one transaction per batch. Several
 * instances take different visits ("skip locked"); a visit is asked about at most once.
 */
export async function startDueConversations(db: Db, config: Config, now = clock.now()): Promise<{ started: number; skipped: number; postponed: number }> {
  const settings = await smsSettings(db);
  const overrides = await smsSurveyOverrides(db);
  return db.transaction(async (tx) => {
    const due = await tx.query<DueVisit>(
      `select id, unit_node_id, visit_at, type, call_type, phone, phone_hash, email, language, age, background, send_before from visit
       where status = 'pending' and send_after <= $1 order by send_after, id limit 500 for update skip locked`,
      [now],
    );
    const result = { started: 0, skipped: 0, postponed: 0 };
    // the day is enough for the frequency rule, and says less
    const remember = (recipientHash: string) =>
      tx.query(
        `insert into sms_recipient (phone_hash, last_request_at) values ($1, ${helsinkiDayStart('$2')})
         on conflict (phone_hash) do update set last_request_at = excluded.last_request_at`,
        [recipientHash, now],
      );
    const skip = async (id: number, reason: string) => {
      await tx.query(`update visit set status = 'skipped', skip_reason = $2, ${forgetVisit} where id = $1`, [id, reason]);
      result.skipped++;
    };
    // Looked up once per batch, not once per visit.
    const versions = new Map<string, Awaited<ReturnType<typeof latestVersion>>>();
    const units = new Map<number, OrgNode>();
    const paths = new Map<number, number[]>();
    for (const v of due) {
      if (now > v.send_before) {
        await skip(v.id, 'too_late');
        continue;
      }
      if (!isInWindow(now, config.sms.window)) {
        const next = intoWindow(now, config.sms.window);
        if (next > v.send_before) await skip(v.id, 'too_late');
        else {
          await tx.query('update visit set send_after = $2 where id = $1', [v.id, next]);
          result.postponed++;
        }
        continue;
      }
      const recipient = await maybeOne<{ opted_out_at: Date | null; last_request_at: Date | null }>(
        tx,
        'select opted_out_at, last_request_at from sms_recipient where phone_hash = $1 for update',
        [v.phone_hash],
      );
      if (recipient?.opted_out_at) {
        await skip(v.id, 'opted_out');
        continue;
      }
      const busy = await maybeOne(tx, "select 1 from sms_conversation where phone_hash = $1 and status = 'active'", [v.phone_hash]);
      if (busy || (recipient?.last_request_at && now.getTime() - new Date(recipient.last_request_at).getTime() < settings.frequencyDays * 86_400_000)) {
        await skip(v.id, 'frequency');
        continue;
      }
      let path = paths.get(v.unit_node_id);
      if (!path && overrides.length) paths.set(v.unit_node_id, (path = await nodePath(tx, v.unit_node_id)));
      const special = path ? overrideFor(overrides, path, v.type) : undefined;
      const plan = special ?? settings.surveys[v.type];
      let version = versions.get(plan.survey);
      if (!version) versions.set(plan.survey, (version = await latestVersion(tx, plan.survey)));
      const def = version.definition;
      if (!openOn(def, helsinkiToday(now))) {
        await skip(v.id, 'survey_closed');
        continue;
      }
      const lang = surveyLanguage(v.language ?? undefined);
      let unit = units.get(v.unit_node_id);
      if (!unit) units.set(v.unit_node_id, (unit = (await maybeOne<OrgNode>(tx, `select ${nodeColumns} from org_node where id = $1`, [v.unit_node_id]))!));
      if (!v.phone && v.email) {
        // By e-mail the whole survey is asked, on the web, from a one-time link.
        await inviteByEmail(
          tx,
          {
            email: v.email,
            recipientHash: v.phone_hash,
            surveyId: plan.survey,
            nodeId: v.unit_node_id,
            unitName: nodeName(unit, lang),
            visitAt: new Date(v.visit_at),
            lang,
            background: visitBackground(v),
            call: v.type === 'first-contact',
            days: settings.frequencyDays,
          },
          config.publicUrl,
          now,
        );
        await remember(v.phone_hash);
        await tx.query(`update visit set status = 'requested', ${forgetVisit} where id = $1`, [v.id]);
        result.started++;
        continue;
      }
      const questions = special
        ? smsQuestionsOf(def)
        : settings.surveys[v.type].questions.map((k) => def.questions.find((q) => q.key === k)).filter((q): q is Question => !!q);
      if (questions.length === 0) {
        await skip(v.id, 'no_questions');
        continue;
      }
      const background: Record<string, string> = { ...visitBackground(v), respondentType: def.respondentType };
      const [conv] = await tx.query<{ id: number }>(
        `insert into sms_conversation (visit_id, phone, phone_hash, survey_id, survey_version, node_id, language, questions, background, started_at, last_activity_at, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10::timestamptz + make_interval(hours => $11)) returning id`,
        [
          v.id,
          v.phone,
          v.phone_hash,
          plan.survey,
          version.version,
          v.unit_node_id,
          lang,
          questions.map((q) => q.key),
          JSON.stringify(background),
          now,
          settings.conversationHours,
        ],
      );
      await remember(v.phone_hash);
      await tx.query(`update visit set status = 'requested', ${forgetVisit} where id = $1`, [v.id]);
      await tx.query(
        `insert into sms_request_day (node_id, survey_id, day, sent) values ($1, $2, ($3::timestamptz at time zone 'Europe/Helsinki')::date, 1)
         on conflict (node_id, survey_id, day) do update set sent = sms_request_day.sent + 1`,
        [v.unit_node_id, plan.survey, now],
      );
      await queueSms(tx, {
        kind: 'sms_survey',
        to: v.phone!,
        conversationId: conv!.id,
        body: firstMessage(def, questions, lang, { unit: nodeName(unit, lang), visitAt: new Date(v.visit_at), call: v.type === 'first-contact' }),
      });
      result.started++;
    }
    return result;
  });
}

interface Conversation {
  id: number;
  phone: string;
  survey_id: string;
  survey_version: number;
  node_id: number;
  language: 'fi' | 'sv' | 'en';
  questions: string[];
  step: number;
  retried: boolean;
  answers: Record<string, AnswerValue>;
  background: Record<string, string>;
  expires_at: Date;
}

/**
 * Ends a conversation: it forgets the number and the visit at once, its sent messages forget the
 * number, and what was answered waits (tied to nobody) for storeSmsAnswers. The answer is never
 * stored here: in the reply's own transaction its row would share the transaction id, and its
 * time would match the thank-you message's.
 */
async function finish(tx: Db, c: Conversation, status: 'completed' | 'expired' | 'stopped', answers: Record<string, AnswerValue>, at: Date): Promise<void> {
  const answered = Object.values(answers).some((a) => a !== null);
  await tx.query(
    'update sms_conversation set status = $2, answers = $3, answered = $4, ended_at = $5, phone = null, phone_hash = null, visit_id = null where id = $1',
    [c.id, status, answered ? JSON.stringify(answers) : null, answered, at],
  );
  await tx.query(
    `update outbox_sms set conversation_id = null, to_number = case when sent_at is not null or kept_at is not null then '' else to_number end
     where conversation_id = $1`,
    [c.id],
  );
}

/** Answers wait until this many are ready, or until the oldest has waited this long. */
export const smsAnswerBatch = { size: 5, maxWaitMinutes: 60 };

/**
 * Stores the answers of ended conversations as responses, a batch at a time in one transaction,
 * in random order, each with a random idempotency key and the day (not the moment) it was given,
 * and deletes the conversations in the same transaction. Waiting for a batch means an answer's
 * arrival time matches no single person's reply.
 */
export async function storeSmsAnswers(db: Db, now = clock.now(), batch = smsAnswerBatch): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await tx.query<Conversation & { started_at: Date; ended_at: Date; answered: boolean }>(
      `select id, survey_id, survey_version, node_id, questions, answers, background, started_at, ended_at, answered from sms_conversation
       where status <> 'active' order by ended_at limit 2000 for update skip locked`,
    );
    const withAnswers = ended.filter((c) => c.answered && c.answers);
    const oldest = withAnswers[0]?.ended_at;
    const due = withAnswers.length >= batch.size || (oldest !== undefined && now.getTime() - new Date(oldest).getTime() >= batch.maxWaitMinutes * 60_000);
    const stored = due ? withAnswers : [];
    const rows = shuffled(stored).map((c) => ({
      surveyId: c.survey_id,
      surveyVersion: c.survey_version,
      nodeId: c.node_id,
      channel: 'sms',
      submittedAt: helsinkiNoon(new Date(c.ended_at)),
      idempotencyKey: `sms:${crypto.randomUUID()}`,
      background: c.background,
      answers: c.answers,
      partial: c.questions.some((k) => c.answers[k] === undefined || c.answers[k] === null),
    }));
    await storeResponses(tx, rows);
    for (const c of stored) {
      await tx.query(
        `insert into sms_request_day (node_id, survey_id, day, answered) values ($1, $2, ($3::timestamptz at time zone 'Europe/Helsinki')::date, 1)
         on conflict (node_id, survey_id, day) do update set answered = sms_request_day.answered + 1`,
        // on the day the request was sent, as it was counted then
        [c.node_id, c.survey_id, c.started_at],
      );
    }
    // Those stored, and those that ended with nothing answered, are gone.
    const gone = [...stored.map((c) => c.id), ...ended.filter((c) => !c.answered || !c.answers).map((c) => c.id)];
    if (gone.length) await tx.query('delete from sms_conversation where id = any($1::bigint[])', [gone]);
    return stored.length;
  });
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Midday in Helsinki on the day of `at`: an SMS answer carries its day, not its moment. */
function helsinkiNoon(at: Date): Date {
  return new Date(`${helsinkiToday(at)}T10:00:00Z`);
}

const definitions = new WeakMap<object, Map<string, Promise<SurveyDefinition>>>();

/** A published version never changes, so it is read once per database. */
function publishedDefinition(db: Db, survey: string, version: number): Promise<SurveyDefinition> {
  let byKey = definitions.get(db.identity);
  if (!byKey) definitions.set(db.identity, (byKey = new Map()));
  const key = `${survey}\u0000${version}`;
  let def = byKey.get(key);
  if (!def) {
    def = surveyVersion(db, survey, version).then((v) => v.definition);
    byKey.set(key, def);
    def.catch(() => byKey.delete(key));
  }
  return def;
}

const skipWords = new Set(['ohita', 'hoppa', 'hoppa över', 'skip', '-']);

export type InboundOutcome = 'duplicate' | 'answered' | 'retry' | 'completed' | 'stopped' | 'no_conversation' | 'expired';

/**
 * One reply from a phone. The same gateway message id twice is handled once; the reply is
 * stored (and its effects queued) in one transaction before the gateway is told it arrived.
 */
export async function handleInbound(db: Db, m: { messageId: string; from: string; text: string; receivedAt?: Date }): Promise<InboundOutcome> {
  const phone = normalisePhone(m.from);
  const at = m.receivedAt ?? clock.now();
  return db.transaction(async (tx) => {
    const hash = await phoneHash(tx, phone ?? m.from);
    const [fresh] = await tx.query<{ message_id: string }>(
      // the message id only: no number, no moment (processed_at holds the day, for the clean-up)
      `insert into sms_inbound (message_id, processed_at, outcome) values ($1, ${helsinkiDayStart('$2')}, 'received') on conflict (message_id) do nothing returning message_id`,
      [m.messageId, clock.now()],
    );
    if (!fresh) return 'duplicate';
    const outcome = await reply(tx, hash, phone, m.text, at);
    await tx.query('update sms_inbound set outcome = $2 where message_id = $1', [m.messageId, outcome]);
    return outcome;
  });
}

async function reply(tx: Db, hash: string, phone: string | null, text: string, at: Date): Promise<InboundOutcome> {
  const c = await maybeOne<Conversation>(
    tx,
    `select id, phone, survey_id, survey_version, node_id, language, questions, step, retried, answers, background, expires_at
     from sms_conversation where phone_hash = $1 and status = 'active' for update`,
    [hash],
  );
  const stopAll = async (lang: 'fi' | 'sv' | 'en', to: string | null) => {
    await refuseRequests(tx, hash, at);
    if (to) await queueSms(tx, { kind: 'sms_stopped', to, body: translator(lang)('sms.stopped') });
  };
  if (!c) {
    if (parseReply('open', text).kind === 'stop') {
      await stopAll('fi', phone);
      return 'stopped';
    }
    return 'no_conversation';
  }
  const def = await publishedDefinition(tx, c.survey_id, c.survey_version);
  const questions = c.questions.map((k) => def.questions.find((q) => q.key === k)!);
  if (at > new Date(c.expires_at)) {
    await finish(tx, c, 'expired', c.answers, at);
    return 'expired';
  }
  const q = questions[c.step]!;
  const parsed =
    q.type === 'open' && skipWords.has(text.trim().toLowerCase())
      ? ({ kind: 'answer', value: null } as const)
      : parseReply(
          q.type,
          text,
          (q.options ?? []).map((o) => o.key),
        );
  if (parsed.kind === 'stop') {
    await finish(tx, c, 'stopped', c.answers, at);
    await stopAll(c.language, c.phone);
    return 'stopped';
  }
  if (parsed.kind === 'unreadable' && !c.retried) {
    await tx.query('update sms_conversation set retried = true, last_activity_at = $2 where id = $1', [c.id, at]);
    await queueSms(tx, { kind: 'sms_survey', to: c.phone, conversationId: c.id, body: retryMessage(def, q, c.step, questions.length, c.language) });
    return 'retry';
  }
  // A second unreadable reply moves on without an answer: one polite retry, not a loop.
  const answers = { ...c.answers, [q.key]: parsed.kind === 'answer' ? parsed.value : null };
  const step = c.step + 1;
  const funnel = { survey: c.survey_id, nodeId: c.node_id, channel: 'sms', when: at };
  if (c.step === 0 && parsed.kind === 'answer') await countFunnelStep(tx, funnel, 'started');
  if (step >= questions.length) {
    await countFunnelStep(tx, funnel, 'completed');
    await finish(tx, c, 'completed', answers, at);
    await queueSms(tx, { kind: 'sms_survey', to: c.phone, body: translator(c.language)('sms.thanks') });
    return 'completed';
  }
  await tx.query('update sms_conversation set step = $2, retried = false, answers = $3, last_activity_at = $4 where id = $1', [
    c.id,
    step,
    JSON.stringify(answers),
    at,
  ]);
  await queueSms(tx, {
    kind: 'sms_survey',
    to: c.phone,
    conversationId: c.id,
    body: questionMessage(def, questions[step]!, step, questions.length, c.language),
  });
  return 'answered';
}

/** Conversations nobody finished in time: what was answered is kept as a partial answer. */
export async function expireConversations(db: Db, now = clock.now()): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<Conversation>(
      `select id, phone, survey_id, survey_version, node_id, language, questions, step, retried, answers, background, expires_at
       from sms_conversation where status = 'active' and expires_at < $1 order by expires_at limit 1000 for update skip locked`,
      [now],
    );
    for (const c of rows) await finish(tx, c, 'expired', c.answers, now);
    return rows.length;
  });
}

/**
 * Numbers are kept only while a rule needs them: the frequency rule's window, or a stop. The
 * messages of ended conversations (which hold the number) go a day after they were sent, and
 * the record of which gateway messages were seen after the gateway's retries are long over.
 */
export async function forgetOldNumbers(db: Db, now = clock.now()): Promise<{ hashes: number; messages: number }> {
  const settings = await smsSettings(db);
  const hashes = await db.query<{ phone_hash: string }>(
    'delete from sms_recipient where opted_out_at is null and last_request_at < $2::timestamptz - make_interval(days => $1) returning phone_hash',
    [settings.frequencyDays, now],
  );
  const messages = await db.query<{ id: number }>(
    `delete from outbox_sms m
     where coalesce(m.sent_at, m.kept_at) < $1::timestamptz - interval '1 day'
       and m.kind in ('sms_survey', 'sms_stopped') and m.conversation_id is null
     returning m.id`,
    [now],
  );
  // a gateway sends a reply again within minutes or hours, never days later
  await db.query("delete from sms_inbound where processed_at < $1::timestamptz - interval '2 days'", [now]);
  await deleteOldVisits(db, now);
  return { hashes: hashes.length, messages: messages.length };
}
