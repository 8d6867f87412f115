/**
 * Server-side rendering with Eta: templates in views/, escaped by default. Every page gets the CSRF
 * token for its forms and whether someone is signed in (the layout's navigation).
 */
import { join } from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfBinding } from './session';

export type Renderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  data?: Record<string, unknown>,
) => FastifyReply;

/** Fixed notices a redirect may ask for (`?notice=`): nothing user-controlled is ever reflected. */
export const NOTICES = {
  'signed-out': 'You are signed out.',
  'signed-out-everywhere': 'You are signed out on every device and browser.',
  'session-ended': 'Your session has ended. Please sign in again.',
  'profile-saved': 'Your profile is saved.',
  'consents-saved': 'Your choices are saved.',
  'device-signed-out': 'That device is signed out.',
  'export-requested': 'Your data export is being prepared.',
  'erasure-requested': 'Your erasure request is recorded.',
} as const;

export function createRenderer(assetsDir: string): Renderer {
  const eta = new Eta({ views: join(assetsDir, 'views'), cache: true, autoEscape: true, autoTrim: false });
  return (request, reply, view, data = {}) => {
    const notice =
      NOTICES[(request.query as { notice?: string } | undefined)?.notice as keyof typeof NOTICES];
    const html = eta.render(view, {
      csrfToken: reply.generateCsrf({ userInfo: csrfBinding(request) }),
      signedIn: Boolean(request.portal.session),
      path: request.url.split('?')[0],
      notice,
      ...data,
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  };
}
