import type { FastifyInstance } from 'fastify';

import { AppError } from '../shared/errors.ts';
import { z } from 'zod';
import { CsrfField, Page } from '../http/layout.tsx';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { decideSpam, suspectedSpam } from './spam-queue.ts';
import { canReviewSpam } from '../access/permissions.ts';
import { formatTime } from '../shared/i18n/format.ts';

export async function spamRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts;

  app.get('/admin/feedback/spam', async (request, reply) => {
    const user = requireUser(request);
    const items = await suspectedSpam(db, user);
    const { t, lang } = request;
    const when = (d: Date) => formatTime(d, lang);
    return sendPage(
      reply,
      <Page request={request} title={t('spam.title')} notice={takeNotice(request, reply)}>
        <p>{t('spam.help')}</p>
        {items.length === 0 && <p>{t('spam.none')}</p>}
        {items.map((f) => (
          <article class="card spam">
            <h2>
              {f.reference} · {f.target_name}
            </h2>
            <p class="muted">
              {when(f.received_at)} · {t('spam.reasons')}: {f.spam_reasons.join(', ')}
            </p>
            <p class="spam-text">{f.text}</p>
            <form method="post" action={`/admin/feedback/${f.id}/spam`} class="row">
              <CsrfField request={request} />
              <button type="submit" name="genuine" value="true" aria-label={`${t('spam.release')}: ${f.reference}`}>
                {t('spam.release')}
              </button>
              <button type="submit" name="genuine" value="false" class="secondary" aria-label={`${t('spam.confirm')}: ${f.reference}`}>
                {t('spam.confirm')}
              </button>
            </form>
          </article>
        ))}
      </Page>,
    );
  });

  app.post('/admin/feedback/:id/spam', async (request, reply) => {
    const user = requireUser(request);
    if (!canReviewSpam(user)) throw new AppError('forbidden', 'Administrators only');
    const { id } = z.object({ id: z.coerce.number().int().positive() }).parse(request.params);
    const { genuine } = z.object({ genuine: z.enum(['true', 'false']) }).parse(request.body);
    await decideSpam(db, user, id, genuine === 'true', opts.config.publicUrl);
    return redirectWithNotice(reply, '/admin/feedback/spam', 'spam.done');
  });
}
