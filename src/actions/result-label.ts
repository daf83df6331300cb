import type { Db } from '../shared/db.ts';
import type { Lang, Translate } from '../shared/i18n/index.ts';
import { localise } from '../surveys/definition.ts';
import { latestVersion } from '../surveys/survey-queries.ts';

/** What a result an action came from is called: the NPS, or a statement's text in the reader's language. */
export async function resultLabel(
  db: Db,
  t: Translate,
  lang: Lang,
  survey: string | null | undefined,
  subject: string | null | undefined,
): Promise<string | undefined> {
  if (!subject) return undefined;
  if (subject === 'nps') return t('actions.fromResult.nps');
  try {
    const q = (await latestVersion(db, survey || 'thl-national')).definition.questions.find((x) => x.key === subject);
    return q ? t('actions.fromResult.statement', { label: localise(q.text, lang) }) : undefined;
  } catch {
    return undefined;
  }
}
