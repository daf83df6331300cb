import type { Lang } from '../shared/i18n/index.ts';

/** The public feedback form's address in each language (linked to from surveys and the widget). */
export const formPaths: Record<Lang, string> = { fi: '/palaute', sv: '/respons', en: '/feedback' };

/** The public description of the ways to give feedback (issue 22's integration contract). */
export const channelPaths: Record<Lang, string> = { fi: '/palautekanavat', sv: '/responskanaler', en: '/feedback-channels' };
