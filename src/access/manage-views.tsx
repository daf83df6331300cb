import type { FastifyRequest } from 'fastify';
import { type MenuEntry, menuSections } from '../capability.ts';
import { Page } from '../http/layout.tsx';

/** The administration page: the settings, queues and logs the person may use, under a heading each. */
export function ManagePage({ request, entries }: { request: FastifyRequest; entries: MenuEntry[] }) {
  const { t } = request;
  return (
    <Page request={request} title={t('nav.manage')}>
      <div class="manage-sections">
        {menuSections.map((section) => {
          const links = entries.filter((e) => e.section === section);
          return (
            links.length > 0 && (
              <section aria-labelledby={`manage-${section}`}>
                <h2 id={`manage-${section}`}>{t(`nav.section.${section}`)}</h2>
                <ul>
                  {links.map((e) => (
                    <li>
                      <a href={e.href}>{t(e.label)}</a>
                    </li>
                  ))}
                </ul>
              </section>
            )
          );
        })}
      </div>
    </Page>
  );
}
