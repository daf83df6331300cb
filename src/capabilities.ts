import { access } from './access/capability.ts';
import { actions } from './actions/capability.ts';
import { analysis } from './analysis/capability.ts';
import type { Capability, MenuEntry } from './capability.ts';
import { feedback } from './feedback/capability.ts';
import { fhir } from './fhir/capability.ts';
import { identity } from './identity/capability.ts';
import { messages } from './messages/capability.ts';
import { organisation } from './organisation/capability.ts';
import { participation } from './participation/capability.ts';
import { reports } from './reports/capability.ts';
import { registerTexts } from './shared/i18n/index.ts';
import { sms } from './sms/capability.ts';
import { surveys } from './surveys/capability.ts';
import { webhooks } from './webhooks/capability.ts';

/** Every capability of Kaiku. The HTTP app, the server's jobs, the menu, the texts and the metrics loop over this list. */
export const capabilities: readonly Capability[] = [
  organisation,
  access,
  identity,
  surveys,
  feedback,
  actions,
  sms,
  fhir,
  analysis,
  reports,
  participation,
  webhooks,
  messages,
];

for (const c of capabilities) if (c.texts) registerTexts(c.texts);

/** The staff menu of every capability, in its order. */
export const kaikuMenu: readonly MenuEntry[] = capabilities.flatMap((c) => c.menu ?? []).sort((a, b) => a.order - b.order);
