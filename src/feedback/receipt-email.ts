import type { Db } from '../shared/db.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { formatDate } from '../shared/i18n/format.ts';

/** The customer's copy of the receipt: reference and promise, never the feedback text. */
export async function queueReceiptEmail(
  db: Db,
  r: { to: string; lang: Lang; reference: string; receivedAt: Date; dueAt: Date; target: string; wantsReply: boolean },
): Promise<void> {
  const t = translator(r.lang);
  const day = (d: Date) => formatDate(d, r.lang);
  await queueEmail(db, {
    kind: 'feedback_receipt',
    to: r.to,
    subject: t('mail.receipt.subject', { reference: r.reference }),
    body: t('mail.receipt.body', {
      received: day(r.receivedAt),
      target: r.target,
      due: day(r.dueAt),
      reference: r.reference,
      reply: r.wantsReply ? t('mail.receipt.reply') : '',
    }),
  });
}
