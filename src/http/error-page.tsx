import type { FastifyRequest } from 'fastify';
import { Page } from './layout.tsx';

export function ErrorPage({ request, message }: { request: FastifyRequest; message: string }) {
  const home = request.principal?.kind === 'user' ? '/admin' : '/';
  return (
    <Page request={request} title={request.t('error.title')}>
      <p>{message}</p>
      <p>
        <a href={home}>{request.t('error.backHome')}</a>
      </p>
    </Page>
  );
}
