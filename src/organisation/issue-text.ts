import type { Translate } from '../shared/i18n/index.ts';
import type { ImportIssue } from './org-csv.ts';

export function issueText(t: Translate, issue: ImportIssue): string {
  return t(`issue.${issue.code}`, issue.params);
}
