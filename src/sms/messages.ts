import type { Question, SurveyDefinition } from '../surveys/definition.ts';
import { localise } from '../surveys/definition.ts';
import { formatDate } from '../shared/i18n/format.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import { toGsmFriendly } from './segments.ts';

/** One question as a text message: "2/4 The statement. Reply 1-5 (…)." */
export function questionMessage(_def: SurveyDefinition, q: Question, index: number, count: number, lang: Lang): string {
  const t = translator(lang);
  const options = (q.options ?? []).map((o, i) => `${i + 1} = ${localise(o.text, lang)}`).join(', ');
  const instruction =
    q.type === 'nps'
      ? t('sms.nps')
      : q.type === 'likert'
        ? t('sms.likert')
        : q.type === 'yesno'
          ? t('sms.yesno')
          : q.type === 'choice'
            ? t('sms.choice', { options })
            : q.type === 'multichoice'
              ? t('sms.multichoice', { options })
              : t('sms.open');
  return toGsmFriendly(`${index + 1}/${count} ${localise(q.text, lang)} ${instruction}`);
}

/** The first message: who is asking and why, how to stop, and the first question. */
export function firstMessage(def: SurveyDefinition, questions: Question[], lang: Lang, ctx: { unit: string; visitAt: Date; call: boolean }): string {
  const t = translator(lang);
  const intro = t(ctx.call ? 'sms.introCall' : 'sms.intro', { unit: ctx.unit, date: formatDate(ctx.visitAt, lang), count: String(questions.length) });
  return toGsmFriendly(`${intro}\n${questionMessage(def, questions[0]!, 0, questions.length, lang)}`);
}

export function retryMessage(def: SurveyDefinition, q: Question, index: number, count: number, lang: Lang): string {
  return toGsmFriendly(`${translator(lang)('sms.retry')} ${questionMessage(def, q, index, count, lang)}`);
}
