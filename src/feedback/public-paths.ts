import type { Lang } from '../shared/i18n/index.ts';

/** The public feedback form's address in each language (linked to from surveys and the widget). */
export const formPaths: Record<Lang, string> = { fi: '/palaute', sv: '/respons', en: '/feedback' };
