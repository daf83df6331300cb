import { readSurveyImage } from './images.ts';
import { AppError } from '../shared/errors.ts';
import { clock } from '../shared/clock.ts';
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { type CollectionPoint, findCollectionPoint } from './collection-points.ts';
import { definitionLanguages, openOn, type SurveyDefinition } from './definition.ts';
import { negotiateLanguage, respondentTexts } from './respondent-texts.ts';
import { formPaths } from '../feedback/public-paths.ts';
import { publicPaths } from '../reports/public-results-routes.tsx';
import { isLang, type Lang } from '../shared/i18n/index.ts';
import {
  MessageView,
  type NextSteps,
  primaryAction,
  RespondentShellPage,
  SurveyForm,
  type SurveyFormHook,
  surveyFormId,
  ThanksView,
} from './respondent-views.tsx';
import { storeResponse } from './store-response.ts';
import { findInvitedPoint, restoreInvitation, spendInvitation } from '../participation/pool-rounds.ts';
import { latestVersion, surveyVersion } from './survey-queries.ts';
import { type AnswerError, validateAnswers } from './validate-answers.ts';
import { countFunnelStep } from './funnel.ts';
import { isShown } from './conditions.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';

const kioskRestartSeconds = 8;
const codeParam = z.object({ code: z.string().max(32) });

/** /s: a link or QR code; /k: a waiting-room tablet; /p: a resident-pool member's one-time invitation. */
type Prefix = '/s' | '/k' | '/p';

/**
 * The steps of a survey as this respondent meets them: questions sharing a page number are shown
 * together, a question whose condition the answers so far do not meet is left out, and a page
 * left empty is skipped. Conditions look only at earlier pages, so the steps up to the current
 * one never move when it is answered.
 */
function surveySteps(def: SurveyDefinition, raw: Record<string, string>): string[][] {
  const { answers } = validateAnswers(def, raw);
  const pages = [...new Set(def.questions.map((q) => q.page))].sort((a, b) => a - b);
  return pages.map((p) => def.questions.filter((q) => q.page === p && isShown(q, answers, def.questions)).map((q) => q.key)).filter((keys) => keys.length > 0);
}

interface Ctx {
  cp: CollectionPoint;
  def: SurveyDefinition;
  version: number;
  lang: string;
  offered: string[];
  kiosk: boolean;
  base: string;
  /** The respondent has answered the first page (counted once for the drop-out figures). */
  started?: boolean;
}

/** An end page's ways on: the feedback form (pointed at the unit) and the public results, in the page's language. */
function nextSteps(lang: string, unitCode?: string): NextSteps {
  const l: Lang = isLang(lang) ? lang : 'fi';
  return { feedbackHref: `${formPaths[l]}${unitCode ? `?kohde=${encodeURIComponent(unitCode)}` : ''}`, resultsHref: publicPaths[l] };
}

export async function respondentRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const preferred = ['fi', 'sv', 'en'];
  const rank = (l: string) => (preferred.includes(l) ? preferred.indexOf(l) : preferred.length);
  const offeredLanguages = (def: SurveyDefinition) =>
    definitionLanguages(def)
      .filter((l) => l in respondentTexts)
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

  const pickLang = (request: FastifyRequest, offered: string[], formLang?: string) => {
    const q = (request.query as { lang?: string }).lang;
    if (q && offered.includes(q)) return q;
    if (formLang && offered.includes(formLang)) return formLang;
    // the language an invitation was written in (`?in=sv`): a first showing, not a switch
    const invited = (request.query as { in?: string }).in;
    if (invited && offered.includes(invited)) return invited;
    return negotiateLanguage(request.headers['accept-language'], offered);
  };

  const shell = (
    reply: FastifyReply,
    ctx: Pick<Ctx, 'lang' | 'offered' | 'kiosk' | 'base'> & { cp?: CollectionPoint; title: string; form?: SurveyFormHook },
    body: preact.ComponentChildren,
    status = 200,
    refresh?: { seconds: number; to: string },
  ) => {
    reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
    return sendPage(reply, <RespondentShellPage ctx={ctx} body={body} refresh={refresh} />, status);
  };

  const notFound = (request: FastifyRequest, reply: FastifyReply, kiosk: boolean, base: string, closed: false | 'closed' | 'used' = false) => {
    const offered = Object.keys(respondentTexts);
    const lang = pickLang(request, offered);
    const texts = respondentTexts[lang]!;
    const text = closed === 'used' ? texts.invitationUsed : closed ? texts.closed : texts.notFound;
    const next = kiosk ? undefined : { href: nextSteps(lang).feedbackHref, label: texts.notFoundNext };
    return shell(
      reply,
      { lang, offered: [], kiosk, base, title: texts.pageTitle },
      <MessageView title={texts.pageTitle} text={text} next={next} />,
      closed ? 410 : 404,
    );
  };

  /** The collection point a respondent's address leads to, or why it leads nowhere. */
  const lookup = async (prefix: Prefix, code: string): Promise<{ cp: CollectionPoint } | { missing: false | 'closed' | 'used' }> => {
    if (prefix === '/p') {
      const inv = await findInvitedPoint(db, code);
      if (inv.state === 'used') return { missing: 'used' };
      if (inv.state === 'unknown') return { missing: false };
      return inv.cp.active ? { cp: inv.cp } : { missing: 'closed' };
    }
    const cp = await findCollectionPoint(db, code);
    // A pool survey's own code answers nothing: only its one-time links do.
    if (!cp || cp.invitation_only) return { missing: false };
    return cp.active ? { cp } : { missing: 'closed' };
  };

  const renderStep = (reply: FastifyReply, ctx: Ctx, wanted: number, raw: Record<string, string>, nonce: string, errors: AnswerError[] = []) => {
    const steps = surveySteps(ctx.def, raw);
    const step = Math.min(wanted, steps.length);
    const keys = steps[step - 1]!;
    const texts = respondentTexts[ctx.lang]!;
    const carried = Object.fromEntries(Object.entries(raw).filter(([k]) => !keys.includes(k)));
    const current = Object.fromEntries(Object.entries(raw).filter(([k]) => keys.includes(k)));
    const title = `${errors.length ? `${texts.errorSummary}: ` : ''}${ctx.def.name[ctx.lang] ?? ctx.def.name.fi} (${step}/${steps.length})`;
    const last = step === steps.length;
    return shell(
      reply,
      { ...ctx, title, form: { id: surveyFormId, action: primaryAction(step, steps.length), label: last ? texts.submit : texts.next } },
      <SurveyForm
        action={ctx.base}
        def={ctx.def}
        lang={ctx.lang}
        texts={texts}
        step={step}
        steps={steps.length}
        questions={ctx.def.questions.filter((q) => keys.includes(q.key))}
        carried={carried}
        current={current}
        errors={errors}
        nonce={nonce}
        npsWording={ctx.cp.nps_wording}
        kiosk={ctx.kiosk}
        started={ctx.started}
      />,
      errors.length ? 400 : 200,
    );
  };

  const poolThanksPoint = async (token: string) => {
    const inv = await findInvitedPoint(db, token, { evenIfUsed: true });
    return inv.state === 'open' ? inv.cp : undefined;
  };

  // A question's picture: addressed by its content hash, so it never changes and may be kept long.
  app.get('/s/image/:id', async (request, reply) => {
    const { id } = z.object({ id: z.string().max(64) }).parse(request.params);
    const image = await readSurveyImage(db, id);
    if (!image) throw new AppError('not_found', 'No such picture');
    return reply
      .header('content-type', image.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(image.bytes);
  });

  for (const [prefix, kiosk] of [
    ['/s', false],
    ['/k', true],
    ['/p', false],
  ] as const) {
    app.get(`${prefix}/:code`, async (request, reply) => {
      const { code } = codeParam.parse(request.params);
      const base = `${prefix}/${encodeURIComponent(code)}`;
      const found = await lookup(prefix, code);
      if ('missing' in found) return notFound(request, reply, kiosk, base, found.missing);
      const { cp } = found;
      const v = await latestVersion(db, cp.survey_id);
      // A time-limited survey's codes and links answer only while it runs.
      if (!openOn(v.definition, helsinkiToday())) return notFound(request, reply, kiosk, base, 'closed');
      const offered = offeredLanguages(v.definition);
      const ctx: Ctx = { cp, def: v.definition, version: v.version, lang: pickLang(request, offered), offered, kiosk, base };
      reply.header('x-survey-version', String(v.version));
      // A language switch shows the page again: only the first showing counts as opened.
      if (!kiosk && !(request.query as { lang?: string }).lang)
        await countFunnelStep(db, { survey: cp.survey_id, nodeId: cp.node_id, channel: cp.channel, when: clock.now() }, 'opened');
      return renderStep(reply, ctx, 1, {}, `${v.version}.${crypto.randomBytes(16).toString('base64url')}`);
    });

    app.post(`${prefix}/:code`, { config: { csrf: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request, reply) => {
      const { code } = codeParam.parse(request.params);
      const base = `${prefix}/${encodeURIComponent(code)}`;
      const found = await lookup(prefix, code);
      if ('missing' in found) return notFound(request, reply, kiosk, base, found.missing);
      const { cp } = found;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
      // The nonce carries the survey version the form was shown in: the answer is stored against it.
      const nonceMatch = /^(\d{1,6})\.([A-Za-z0-9_-]{16,64})$/.exec(str('_nonce'));
      const v = nonceMatch ? await surveyVersion(db, cp.survey_id, Number(nonceMatch[1])).catch(() => undefined) : undefined;
      if (!nonceMatch || !v) {
        const latest = await latestVersion(db, cp.survey_id);
        const offered = offeredLanguages(latest.definition);
        const lang = pickLang(request, offered, str('_lang'));
        return shell(
          reply,
          { cp, lang, offered, kiosk, base, title: respondentTexts[lang]!.pageTitle },
          <MessageView title={respondentTexts[lang]!.pageTitle} text={respondentTexts[lang]!.errorExpired} />,
          400,
        );
      }
      if (!openOn(v.definition, helsinkiToday())) return notFound(request, reply, kiosk, base, 'closed');
      const offered = offeredLanguages(v.definition);
      const ctx: Ctx = {
        cp,
        def: v.definition,
        version: v.version,
        lang: pickLang(request, offered, str('_lang')),
        offered,
        kiosk,
        base,
        started: str('_started') === '1',
      };
      const raw: Record<string, string> = {};
      for (const q of v.definition.questions) {
        const value = body[`q_${q.key}`];
        if (typeof value === 'string') raw[q.key] = value;
        // ticked boxes of a multiple choice arrive as a list; carried between steps comma-joined
        else if (q.type === 'multichoice' && Array.isArray(value)) raw[q.key] = value.filter((x): x is string => typeof x === 'string').join(',');
      }
      const steps = surveySteps(v.definition, raw);
      const step = Math.min(Math.max(Number(str('_step')) || 1, 1), steps.length);
      const nonce = str('_nonce');
      const action = str('_action');
      if (action === 'back') return renderStep(reply, ctx, Math.max(step - 1, 1), raw, nonce);
      // Another language, on the same step with everything answered so far.
      const switchTo = str('_switchLang');
      if (switchTo) return renderStep(reply, { ...ctx, lang: offered.includes(switchTo) ? switchTo : ctx.lang }, step, raw, nonce);

      const checked = validateAnswers(v.definition, raw, steps[step - 1]!);
      if (checked.errors.length) return renderStep(reply, ctx, step, raw, nonce, checked.errors);
      const funnelAt = { survey: cp.survey_id, nodeId: cp.node_id, channel: cp.channel, when: clock.now() };
      if (step < steps.length) {
        if (!ctx.started) await countFunnelStep(db, funnelAt, 'started');
        return renderStep(reply, { ...ctx, started: true }, step + 1, raw, nonce);
      }

      const all = validateAnswers(v.definition, raw);
      if (all.errors.length) {
        const first = steps.findIndex((keys) => all.errors.some((e) => keys.includes(e.field)));
        return renderStep(
          reply,
          ctx,
          first + 1,
          raw,
          nonce,
          all.errors.filter((e) => steps[first]!.includes(e.field)),
        );
      }
      if (prefix === '/p' && !(await spendInvitation(db, code))) return notFound(request, reply, kiosk, base, 'used');
      await storeResponse(db, {
        surveyId: cp.survey_id,
        surveyVersion: v.version,
        nodeId: cp.node_id,
        channel: cp.channel,
        collectionPointId: cp.id,
        submittedAt: clock.now(),
        idempotencyKey: `form:${nonce}`,
        background: { respondentType: v.definition.respondentType, ...cp.background },
        answers: all.answers,
      }).catch(async (err: unknown) => {
        if (prefix === '/p') await restoreInvitation(db, code);
        throw err;
      });
      await countFunnelStep(db, funnelAt, ...(ctx.started ? (['completed'] as const) : (['started', 'completed'] as const)));
      // Post/Redirect/Get: a refresh or the back button never sends the answer twice.
      return reply.redirect(`${base}/kiitos?lang=${ctx.lang}`, 303);
    });

    app.get(`${prefix}/:code/kiitos`, async (request, reply) => {
      const { code } = codeParam.parse(request.params);
      const base = `${prefix}/${encodeURIComponent(code)}`;
      // A spent invitation still thanks: its answer has just been stored.
      const cp = prefix === '/p' ? await poolThanksPoint(code) : await findCollectionPoint(db, code).then((p) => (p && !p.invitation_only ? p : undefined));
      if (!cp) return notFound(request, reply, kiosk, base);
      const v = await latestVersion(db, cp.survey_id);
      const offered = offeredLanguages(v.definition);
      const lang = pickLang(request, offered);
      const texts = respondentTexts[lang]!;
      return shell(
        reply,
        { cp, lang, offered: [], kiosk, base, title: texts.thanksTitle },
        <ThanksView texts={texts} kiosk={kiosk} restartHref={base} seconds={kioskRestartSeconds} next={nextSteps(lang, cp.node_code)} />,
        200,
        kiosk ? { seconds: kioskRestartSeconds, to: base } : undefined,
      );
    });
  }
}
