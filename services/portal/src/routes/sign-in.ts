/**
 * Sign in (email + password, then the TOTP step when the user has it on), sign out, sign out
 * everywhere. The API does the authentication; the portal keeps the tokens server-side. Attempts are
 * throttled per client IP on top of Cognito's own lockout.
 */
import type { FastifyInstance } from 'fastify';
import type { Problem } from '../api/client';
import type { PortalContext } from '../context';
import { apiCall, auditOf, requireSession, sessionOf } from '../context';
import { open, seal } from '../crypto';

const PENDING_COOKIE_SECURE = '__Host-ledgerline-signin';
const PENDING_COOKIE_PLAIN = 'ledgerline-signin';
const PENDING_PURPOSE = 'pending-totp';
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

interface PendingTotp {
  email: string;
  session: string;
  expiresAt: number;
}

type LoginProblem = Problem & { challenge?: string; session?: string; sessionExpiresIn?: number };

export function registerSignInRoutes(app: FastifyInstance, context: PortalContext): void {
  const { config, render, sessions } = context;
  const pendingCookie = config.secureCookies ? PENDING_COOKIE_SECURE : PENDING_COOKIE_PLAIN;
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'strict' as const,
  };
  const throttle = {
    config: { rateLimit: { max: config.signInLimit.max, timeWindow: config.signInLimit.windowMs } },
  };

  app.get('/sign-in', async (request, reply) => {
    if (request.portal.session) return reply.redirect('/accounts', 303);
    return render(request, reply, 'sign-in', { title: 'Sign in', email: '' });
  });

  app.post<{ Body: { email?: string; password?: string } }>('/sign-in', throttle, async (request, reply) => {
    const audit = auditOf(context, request);
    const email = String(request.body?.email ?? '').trim();
    const password = String(request.body?.password ?? '');
    if (!EMAIL.test(email) || password.length === 0 || password.length > 256) {
      return render(request, reply.code(400), 'sign-in', {
        title: 'Sign in',
        email,
        error: 'Enter your email address and password.',
      });
    }
    const result = await apiCall(
      'auth.login',
      () => request.portal.api().POST('/auth/login', { body: { email, password } }),
      [400, 401, 403, 429],
    );
    if (result.ok) {
      await sessions.start(
        request,
        reply,
        { ...result.data, refreshToken: result.data.refreshToken ?? '' },
        false,
      );
      await audit('sign-in', 'success');
      return reply.redirect('/accounts', 303);
    }
    const problem = result.problem as LoginProblem | undefined;
    if (result.status === 403 && problem?.challenge === 'SOFTWARE_TOKEN_MFA' && problem.session) {
      const pending: PendingTotp = {
        email,
        session: problem.session,
        expiresAt: Date.now() + (problem.sessionExpiresIn ?? 180) * 1000,
      };
      reply.setCookie(pendingCookie, seal(context.cookieSecret, PENDING_PURPOSE, JSON.stringify(pending)), {
        ...cookieOptions,
        maxAge: problem.sessionExpiresIn ?? 180,
      });
      return reply.redirect('/sign-in/totp', 303);
    }
    await audit('sign-in', 'failure', undefined, { reason: result.status === 429 ? 'throttled' : 'refused' });
    const error =
      result.status === 429
        ? 'Too many attempts. Please wait a few minutes.'
        : result.status === 403
          ? (problem?.detail ?? 'This account cannot sign in yet.')
          : 'The email address or password is not right.';
    return render(request, reply.code(result.status === 429 ? 429 : 401), 'sign-in', {
      title: 'Sign in',
      email,
      error,
    });
  });

  const pendingOf = (cookie: string | undefined): PendingTotp | undefined => {
    const opened = cookie && open(context.cookieSecret, PENDING_PURPOSE, cookie);
    const pending = opened ? (JSON.parse(opened) as PendingTotp) : undefined;
    return pending && pending.expiresAt > Date.now() ? pending : undefined;
  };

  app.get('/sign-in/totp', async (request, reply) => {
    if (!pendingOf(request.cookies[pendingCookie])) return reply.redirect('/sign-in', 303);
    return render(request, reply, 'sign-in-totp', { title: 'Verification code' });
  });

  app.post<{ Body: { code?: string } }>('/sign-in/totp', throttle, async (request, reply) => {
    const audit = auditOf(context, request);
    const pending = pendingOf(request.cookies[pendingCookie]);
    if (!pending) return reply.redirect('/sign-in', 303);
    const code = String(request.body?.code ?? '').replace(/\s/g, '');
    if (!/^[0-9]{6}$/.test(code)) {
      return render(request, reply.code(400), 'sign-in-totp', {
        title: 'Verification code',
        error: 'Enter the 6-digit code from your authenticator app.',
      });
    }
    const result = await apiCall(
      'auth.loginMfa',
      () =>
        request.portal
          .api()
          .POST('/auth/login/mfa', { body: { email: pending.email, session: pending.session, code } }),
      [400, 401, 403, 429],
    );
    if (!result.ok) {
      await audit('sign-in-totp', 'failure');
      return render(request, reply.code(401), 'sign-in-totp', {
        title: 'Verification code',
        error: 'That code is not right. Try the current code.',
      });
    }
    reply.clearCookie(pendingCookie, cookieOptions);
    await sessions.start(
      request,
      reply,
      { ...result.data, refreshToken: result.data.refreshToken ?? '' },
      true,
    );
    await audit('sign-in', 'success', undefined, { mfa: true });
    return reply.redirect('/accounts', 303);
  });

  app.post('/sign-out', { preHandler: requireSession }, async (request, reply) => {
    const session = sessionOf(request);
    // Revoke the refresh token at the API too, so it cannot be used even if the row were copied.
    await apiCall(
      'auth.logout',
      () =>
        request.portal.api().POST('/auth/logout', { body: { refreshToken: session.tokens.refreshToken } }),
      [400, 401],
    ).catch(() => undefined);
    await auditOf(context, request)('sign-out', 'success');
    await sessions.end(request, reply);
    return reply.redirect('/sign-in?notice=signed-out', 303);
  });

  app.post('/sign-out-everywhere', { preHandler: requireSession }, async (request, reply) => {
    const session = sessionOf(request);
    await apiCall('auth.logoutAll', () => request.portal.api().POST('/auth/logout-all'));
    await auditOf(context, request)('sign-out-everywhere', 'success');
    const ended = await sessions.endAllFor(session.userSub);
    request.log.info({ ended }, 'portal sessions ended');
    await sessions.end(request, reply);
    return reply.redirect('/sign-in?notice=signed-out-everywhere', 303);
  });
}
