import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Principal } from '../access/roles.ts';
import { type Lang, nodeName, type OrgNode } from '../organisation/node.ts';
import { searchUnits } from '../organisation/search-units.ts';
import { activeChildren, getNode, roots } from '../organisation/tree-queries.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isLang, isMessageKey, type MessageKey, translator } from '../shared/i18n/index.ts';
import { type CreatedFeedback, createFeedback, feedbackInput, feedbackPromiseDays, receiptByToken } from './create-feedback.ts';
import { canLogOnBehalf } from '../access/permissions.ts';
import { formForUnit } from './form-for-unit.ts';
import { formPaths } from './public-paths.ts';
import { emptyForm, type FeedbackFormState, FeedbackFormPage, type FieldError, ReceiptPage } from './public-views.tsx';

/** The form's address in each language; the page speaks the language of its address. */
const receiptPaths: Record<Lang, string> = { fi: '/palaute/kuitti', sv: '/respons/kvitto', en: '/feedback/receipt' };

const formBody = z.object({
  lang: z.string().optional(),
  action: z.string().optional(),
  category: z.string().max(200).default(''),
  query: z.string().max(200).default(''),
  target: z.string().max(200).default(''),
  text: z.string().max(20_000).default(''),
  name: z.string().max(500).default(''),
  email: z.string().max(500).default(''),
  phone: z.string().max(100).default(''),
  wantsReply: z.string().optional(),
  accessibility: z.string().optional(),
  website: z.string().max(2000).optional(),
});

export async function feedbackPublicRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts;

  /** The main categories: the divisions and other top-level areas, and the county as "general/other". */
  const categories = async (): Promise<{ node: OrgNode; general: boolean }[]> => {
    const [county] = await roots(db);
    if (!county) return [];
    const top = await activeChildren(db, county.id);
    return [...top.map((node) => ({ node, general: false })), { node: county, general: true }];
  };

  const promiseDays = () => feedbackPromiseDays(db);

  /** A validation issue of createFeedback's input as the form's field and message. */
  const fieldError = (path: string, reason: string): FieldError => {
    const fields: Record<string, FieldError['field']> = { text: 'text', 'contact.email': 'email', 'contact.phone': 'phone', contact: 'contact' };
    const key = `fb.err.${reason}`;
    return { field: fields[path] ?? 'target', key: (isMessageKey(key) ? key : 'fb.err.target') as MessageKey };
  };

  /** Validates and stores a form's feedback; field errors come back with translatable keys. */
  const submit = async (
    state: FeedbackFormState,
    category: { node: OrgNode; general: boolean } | undefined,
    lang: Lang,
    actor: Principal | null,
    extra: { honeypot?: string | undefined; mode?: 'oral' | 'written' | undefined; requireMode?: boolean },
  ): Promise<{ errors: FieldError[] } | CreatedFeedback> => {
    const input = {
      target: state.target || category?.node.code || 'none',
      text: state.text,
      channel: 'web',
      language: lang,
      contact: { name: state.name || undefined, email: state.email, phone: state.phone || undefined },
      wantsReply: state.wantsReply,
      accessibility: state.accessibility,
      honeypot: extra.honeypot,
      ...(extra.mode ? { onBehalf: { mode: extra.mode } } : {}),
    };
    // Every error at once, each at its field: the text and contact are checked even while the
    // category is still missing.
    const errors: FieldError[] = [];
    if (extra.requireMode && !extra.mode) errors.push({ field: 'mode', key: 'fb.err.mode' });
    if (!category) errors.push({ field: 'category', key: 'fb.err.category' });
    const checked = feedbackInput.safeParse(input);
    if (!checked.success) errors.push(...checked.error.issues.map((i) => fieldError(i.path.join('.'), i.message)));
    if (errors.length) return { errors };
    try {
      return await createFeedback(db, actor, input, { publicUrl: opts.config.publicUrl });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
      const issues = (err.details as { issues?: { field: string; reason: string }[] } | undefined)?.issues ?? [];
      return { errors: issues.map((i) => fieldError(i.field, i.reason)) };
    }
  };

  const localise = (request: FastifyRequest, lang: Lang) => {
    request.lang = lang;
    request.t = translator(lang);
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    state: FeedbackFormState,
    errors: FieldError[] = [],
    matches?: Awaited<ReturnType<typeof searchUnits>>,
  ) =>
    sendPage(
      reply,
      <FeedbackFormPage
        request={request}
        action={formPaths[lang]}
        categories={await categories()}
        state={state}
        matches={matches}
        errors={errors}
        promiseDays={await promiseDays()}
      />,
      errors.length ? 400 : 200,
    );

  for (const lang of ['fi', 'sv', 'en'] as const) {
    app.get(formPaths[lang], async (request, reply) => {
      const q = request.query as { lang?: string; kohde?: string };
      // ?lang switches to the same form at the other language's address
      if (isLang(q.lang) && q.lang !== lang) return reply.redirect(`${formPaths[q.lang]}${q.kohde ? `?kohde=${encodeURIComponent(q.kohde)}` : ''}`, 303);
      localise(request, lang);
      return show(request, reply, lang, await formForUnit(db, q.kohde, lang));
    });

    app.post(formPaths[lang], { config: { csrf: 'public', rateLimit: { max: 20, timeWindow: '10 minutes' } } }, async (request, reply) => {
      localise(request, lang);
      const b = formBody.parse(request.body ?? {});
      const state: FeedbackFormState = {
        category: b.category,
        query: b.query.trim(),
        target: b.target,
        text: b.text,
        name: b.name,
        email: b.email,
        phone: b.phone,
        wantsReply: b.wantsReply === 'yes',
        accessibility: b.accessibility === 'yes',
      };
      const cats = await categories();
      const category = cats.find((c) => c.node.code === state.category);

      if (b.action === 'search') {
        const matches = state.query ? await searchUnits(db, { q: state.query, within: category?.general ? undefined : category?.node.code, limit: 15 }) : [];
        return show(request, reply, lang, { ...state, target: matches.length === 1 ? matches[0]!.code : state.target }, [], matches);
      }

      const result = await submit(state, category, lang, null, { honeypot: b.website });
      if ('errors' in result) return show(request, reply, lang, state, result.errors);
      // Post/Redirect/Get: the receipt survives a refresh and is never sent twice.
      return reply.redirect(`${receiptPaths[lang]}/${result.receiptToken}`, 303);
    });

    app.get(`${receiptPaths[lang]}/:token`, async (request, reply) => {
      localise(request, lang);
      const { token } = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,40}$/) }).parse(request.params);
      const f = await receiptByToken(db, token);
      if (!f) throw new AppError('not_found', 'No such receipt');
      const target = await getNode(db, f.target_node_id);
      reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
      return sendPage(
        reply,
        <ReceiptPage
          request={request}
          reference={f.reference}
          receivedAt={f.received_at}
          dueAt={f.due_at}
          targetName={target.parent_id === null ? request.t('fb.general') : nodeName(target, lang)}
          wantsReply={f.wants_reply}
          again={formPaths[lang]}
        />,
      );
    });
  }

  // A professional logs feedback on a customer's behalf: the same form, plus how it was given.
  const staffForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: FeedbackFormState,
    errors: FieldError[] = [],
    notice?: string,
    matches?: Awaited<ReturnType<typeof searchUnits>>,
  ) =>
    sendPage(
      reply,
      <FeedbackFormPage
        request={request}
        action="/admin/feedback/new"
        categories={await categories()}
        state={state}
        matches={matches}
        errors={errors}
        promiseDays={await promiseDays()}
        onBehalf={{ notice }}
      />,
      errors.length ? 400 : 200,
    );

  app.get('/admin/feedback/new', async (request, reply) => {
    const user = requireUser(request);
    if (!canLogOnBehalf(user)) throw new AppError('forbidden', 'Not allowed');
    const logged = (request.query as { logged?: string }).logged;
    const notice = logged && /^K-\d{4}-\d{6}$/.test(logged) ? request.t('fb.onBehalf.logged', { reference: logged }) : undefined;
    return staffForm(request, reply, { ...emptyForm }, [], notice);
  });

  app.post('/admin/feedback/new', async (request, reply) => {
    const user = requireUser(request);
    if (!canLogOnBehalf(user)) throw new AppError('forbidden', 'Not allowed');
    const b = formBody
      .extend({
        mode: z
          .enum(['oral', 'written'])
          .optional()
          .or(z.literal('').transform(() => undefined)),
      })
      .parse(request.body ?? {});
    const state: FeedbackFormState = {
      category: b.category,
      query: b.query.trim(),
      target: b.target,
      text: b.text,
      name: b.name,
      email: b.email,
      phone: b.phone,
      wantsReply: b.wantsReply === 'yes',
      accessibility: b.accessibility === 'yes',
      mode: b.mode,
    };
    const category = (await categories()).find((c) => c.node.code === state.category);
    if (b.action === 'search') {
      const matches = state.query ? await searchUnits(db, { q: state.query, within: category?.general ? undefined : category?.node.code, limit: 15 }) : [];
      return staffForm(request, reply, { ...state, target: matches.length === 1 ? matches[0]!.code : state.target }, [], undefined, matches);
    }
    const result = await submit(state, category, request.lang, user, { mode: b.mode, requireMode: true });
    if ('errors' in result) return staffForm(request, reply, state, result.errors);
    return reply.redirect(`/admin/feedback/new?logged=${encodeURIComponent(result.reference)}`, 303);
  });
}
