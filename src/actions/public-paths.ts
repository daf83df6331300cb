import type { Lang } from '../shared/i18n/index.ts';

/** The public page of what feedback changed, in each language (issue 22's integration contract). */
export const changedPaths: Record<Lang, string> = { fi: '/mita-palautteesta-seurasi', sv: '/vad-responsen-ledde-till', en: '/what-feedback-changed' };
