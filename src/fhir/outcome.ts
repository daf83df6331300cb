import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { isMessageKey, type Lang, translator } from '../shared/i18n/index.ts';
import type { Problem } from './encounter-to-visit.ts';

const translation = 'http://hl7.org/fhir/StructureDefinition/translation';

export interface Said {
  severity: OperationOutcomeIssue['severity'];
  code: OperationOutcomeIssue['code'];
  problem: Omit<Problem, 'expression'> & { expression?: string };
}

/**
 * One issue in the caller's language (Finnish unless they asked for Swedish or English), with the
 * same words in English — or in Finnish for an English caller — as FHIR's translation extension,
 * so an integration team reads it whichever language its tools show.
 */
/** A problem in one language; a parameter named xKey holds a message key, said in that language as x. */
function say(lang: Lang, problem: Said['problem']): string {
  const t = translator(lang);
  const params = Object.fromEntries(
    Object.entries(problem.params ?? {}).map(([k, v]) => (k.endsWith('Key') && isMessageKey(String(v)) ? [k.slice(0, -3), t(v as never)] : [k, v])),
  );
  return t(problem.key, params);
}

function issue(lang: Lang, said: Said): OperationOutcomeIssue {
  const { problem } = said;
  const other: Lang = lang === 'en' ? 'fi' : 'en';
  // FHIR puts a string's translations on its primitive element (_text), which the types do not name.
  const details = {
    text: say(lang, problem),
    _text: {
      extension: [
        {
          url: translation,
          extension: [
            { url: 'lang', valueCode: other },
            { url: 'content', valueString: say(other, problem) },
          ],
        },
      ],
    },
  };
  return {
    severity: said.severity,
    code: said.code,
    details,
    ...(problem.expression ? { expression: [problem.expression] } : {}),
    ...(problem.detail ? { diagnostics: problem.detail } : {}),
  };
}

export function outcome(lang: Lang, said: Said[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: said.map((s) => issue(lang, s)) };
}
