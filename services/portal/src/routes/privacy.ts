/**
 * Privacy: consents (opt-in, one record per choice, bound to the notice text shown), a copy of my
 * data (the profiles service's export job), and erasure (DELETE /me, which needs a fresh sign-in:
 * the page asks for the password again and signs in anew before asking).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Problem } from '../api/client';
import type { PortalContext } from '../context';
import { apiCall, auditOf, requireSession, sessionOf } from '../context';
import { createApi } from '../api/client';
import { claimsOf } from '../session';

/** The notice shown beside each purpose; its SHA-256 is the consent record's noticeVersion. */
export const CONSENT_NOTICES = {
  marketing: 'Ledgerline may send me news and offers about its products by email and in the app.',
  analytics:
    'Ledgerline may measure how I use the portal and the app to improve them (no data is sold or shared for advertising).',
  'product-research': 'Ledgerline may invite me to surveys and interviews about new products.',
} as const;
export type Purpose = keyof typeof CONSENT_NOTICES;
export const noticeVersionOf = (purpose: Purpose) =>
  `sha256:${createHash('sha256').update(CONSENT_NOTICES[purpose]).digest('hex')}`;

const EXPORT_ID = /^[A-Za-z0-9_-]{1,64}$/;
type LoginProblem = Problem & { challenge?: string; session?: string };

export function registerPrivacyRoutes(app: FastifyInstance, context: PortalContext): void {
  const { config, render, sessions } = context;

  const showPrivacy = async (
    request: Parameters<typeof render>[0],
    reply: Parameters<typeof render>[1],
    erasure: { errors?: Record<string, string>; blocked?: string[] } = {},
  ) => {
    const consents = await apiCall('profiles.listConsents', () => request.portal.api().GET('/me/consents'));
    const state = new Map(
      (consents.ok ? consents.data.consents : []).map((consent) => [consent.purpose, consent]),
    );
    return render(request, reply.code(erasure.errors ? 400 : 200), 'privacy', {
      title: 'Privacy',
      consents: (Object.keys(CONSENT_NOTICES) as Purpose[]).map((purpose) => ({
        purpose,
        notice: CONSENT_NOTICES[purpose],
        granted: state.get(purpose)?.granted ?? false,
        recordedAt: state.get(purpose)?.recordedAt ?? null,
      })),
      history: consents.ok ? consents.data.history : [],
      erasureErrors: erasure.errors ?? {},
      blocked: erasure.blocked ?? [],
    });
  };

  app.get('/privacy', { preHandler: requireSession }, (request, reply) => showPrivacy(request, reply));

  app.post<{ Body: Partial<Record<Purpose, string>> }>(
    '/privacy/consents',
    { preHandler: requireSession },
    async (request, reply) => {
      const current = await apiCall('profiles.listConsents', () => request.portal.api().GET('/me/consents'));
      const granted = new Map(
        (current.ok ? current.data.consents : []).map((consent) => [consent.purpose, consent.granted]),
      );
      for (const purpose of Object.keys(CONSENT_NOTICES) as Purpose[]) {
        const wanted = request.body?.[purpose] === 'on';
        // Only changes are recorded: an unchanged box writes no new consent record.
        if (wanted === (granted.get(purpose) ?? false)) continue;
        await apiCall('profiles.putConsent', () =>
          request.portal.api().PUT('/me/consents/{purpose}', {
            params: { path: { purpose } },
            body: { granted: wanted, noticeVersion: noticeVersionOf(purpose) },
          }),
        );
        await auditOf(context, request)('change-consent', 'success', purpose, { granted: wanted });
      }
      return reply.redirect('/privacy?notice=consents-saved', 303);
    },
  );

  app.post('/privacy/exports', { preHandler: requireSession }, async (request, reply) => {
    const result = await apiCall(
      'profiles.createExport',
      () => request.portal.api().POST('/me/exports'),
      [409, 429],
    );
    await auditOf(context, request)(
      'request-export',
      result.ok ? 'success' : 'failure',
      result.ok ? result.data.exportId : undefined,
    );
    if (!result.ok)
      return render(request, reply.code(result.status), 'error', {
        title: 'Not now',
        message: result.problem?.detail ?? 'An export cannot be requested right now.',
      });
    return reply.redirect(`/privacy/exports/${result.data.exportId}`, 303);
  });

  app.get<{ Params: { exportId: string } }>(
    '/privacy/exports/:exportId',
    { preHandler: requireSession },
    async (request, reply) => {
      const { exportId } = request.params;
      const result = EXPORT_ID.test(exportId)
        ? await apiCall(
            'profiles.getExport',
            () => request.portal.api().GET('/me/exports/{exportId}', { params: { path: { exportId } } }),
            [404],
          )
        : undefined;
      if (!result?.ok)
        return render(request, reply.code(404), 'error', {
          title: 'Not found',
          message: 'There is no such export.',
        });
      const job = result.data;
      await auditOf(context, request)('view-export', 'success', exportId, { status: job.status });
      return render(request, reply, 'export', {
        title: 'Your data',
        job,
        refreshSeconds: job.status === 'pending' || job.status === 'running' ? 3 : undefined,
      });
    },
  );

  app.post<{ Body: { email?: string; password?: string; code?: string; confirm?: string } }>(
    '/privacy/erasure',
    { preHandler: requireSession },
    async (request, reply) => {
      const session = sessionOf(request);
      const audit = auditOf(context, request);
      const { email = '', password = '', code = '', confirm = '' } = request.body ?? {};
      const errors: Record<string, string> = {};
      if (confirm !== 'on') errors.confirm = 'Tick the box to confirm that you want your data deleted.';
      if (!email.trim() || !password)
        errors.password = 'Enter your email address and password again to confirm it is you.';
      if (Object.keys(errors).length > 0) return showPrivacy(request, reply, { errors });

      // A fresh sign-in (the API wants one from the last 5 minutes) with the same person's credentials.
      const onCall = (ms: number) => (request.portal.apiMs += ms);
      const anonymous = createApi(config, { correlationId: request.portal.correlationId, onCall });
      let login = await apiCall(
        'auth.login',
        () => anonymous.POST('/auth/login', { body: { email: email.trim(), password } }),
        [400, 401, 403, 429],
      );
      const problem = login.ok ? undefined : (login.problem as LoginProblem | undefined);
      if (!login.ok && problem?.challenge === 'SOFTWARE_TOKEN_MFA' && problem.session) {
        if (!/^[0-9]{6}$/.test(code.trim()))
          return showPrivacy(request, reply, {
            errors: { code: 'Enter the 6-digit code from your authenticator app.' },
          });
        login = await apiCall(
          'auth.loginMfa',
          () =>
            anonymous.POST('/auth/login/mfa', {
              body: { email: email.trim(), session: problem.session as string, code: code.trim() },
            }),
          [400, 401, 403, 429],
        );
      }
      if (!login.ok) {
        await audit('request-erasure', 'failure', undefined, { reason: 'reauthentication' });
        return showPrivacy(request, reply, {
          errors: { password: 'That did not confirm it is you. Check your email, password and code.' },
        });
      }
      const fresh = createApi(config, {
        correlationId: request.portal.correlationId,
        accessToken: login.data.accessToken,
      });
      if (claimsOf(login.data.accessToken).sub !== session.userSub) {
        await audit('request-erasure', 'failure', undefined, { reason: 'different-person' });
        return showPrivacy(request, reply, {
          errors: { password: 'Those are not the credentials of the person signed in here.' },
        });
      }
      const result = await apiCall('profiles.deleteMe', () => fresh.DELETE('/me'), [401, 409]);
      if (!result.ok) {
        await audit('request-erasure', 'failure', undefined, { status: result.status });
        const blocked = (
          (result.problem as { accounts?: { accountId: string }[] } | undefined)?.accounts ?? []
        ).map((account) => account.accountId);
        const message =
          result.status === 409
            ? 'Your accounts still hold money. Move it out, then ask again.'
            : 'Please confirm it is you again.';
        return showPrivacy(request, reply, { errors: { form: message }, blocked });
      }
      await audit('request-erasure', 'success');
      await sessions.endAllFor(session.userSub);
      await sessions.end(request, reply);
      return reply.redirect('/sign-in?notice=erasure-requested', 303);
    },
  );
}
