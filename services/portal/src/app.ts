/**
 * The portal's HTTP application: security headers, cookies, CSRF, sessions, pages. `buildApp` takes
 * its stores from the caller (main.ts on ECS and `npm start`, the tests with PGlite).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createApi } from './api/client';
import type { PortalContext } from './context';
import { csrfBinding } from './session';
import { ApiRefusedError, ApiUnavailableError, SessionEndedError } from './context';
import { hkdfKey } from './crypto';
import { registerAccountRoutes } from './routes/accounts';
import { registerDeviceRoutes } from './routes/devices';
import { registerHealthRoutes } from './routes/health';
import { registerPrivacyRoutes } from './routes/privacy';
import { registerProfileRoutes } from './routes/profile';
import { registerSignInRoutes } from './routes/sign-in';
import { registerStatementRoutes } from './routes/statements';
import { registerTransferRoutes } from './routes/transfers';

const CORRELATION_ID = /^[A-Za-z0-9._-]{8,128}$/;

export async function buildApp(context: PortalContext): Promise<FastifyInstance> {
  const { config } = context;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Only what identifies the request: never query strings (history filters hold search text),
      // cookies, bodies or the user's id.
      serializers: {
        req: (request) => ({ method: request.method, route: request.routeOptions?.url ?? 'unmatched' }),
        res: (reply) => ({ statusCode: reply.statusCode }),
      },
      redact: { paths: ['req.headers', 'err.cause'], remove: true },
    },
    // X-Forwarded-For: trust exactly the proxies in front of us (CloudFront, then the ALB).
    trustProxy:
      config.trustProxyHops > 0 ? (_address: string, hop: number) => hop < config.trustProxyHops : false,
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    genReqId: (request) => {
      const given = request.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 64 * 1024,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        // Behind CloudFront every request is HTTPS; locally (plain HTTP on 127.0.0.1) an upgrade
        // would send the stylesheet to an https:// port nobody listens on.
        ...(config.role !== 'local' ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true, preload: true },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: config.secureCookies ? '__Host-csrf' : 'csrf',
    cookieOpts: { path: '/', httpOnly: true, secure: config.secureCookies, sameSite: 'strict' },
    // Tokens are bound to the server-side session, so a token minted before sign-in (or for another
    // session) is refused after it.
    getUserInfo: (request) => csrfBinding(request),
    csrfOpts: { hmacKey: hkdfKey(config.cookieSecret, 'csrf') },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: join(config.assetsDir, 'static'),
    prefix: '/static/',
    immutable: false,
    maxAge: '1h',
    index: false,
  });

  app.decorateRequest('portal', null as never);
  app.addHook('onRequest', async (request, reply) => {
    const correlationId = String(request.id);
    reply.header('x-correlation-id', correlationId);
    request.portal = {
      correlationId,
      apiMs: 0,
      api: () =>
        createApi(config, {
          correlationId,
          onCall: (ms) => (request.portal.apiMs += ms),
          ...(request.portal.session ? { accessToken: request.portal.session.tokens.accessToken } : {}),
        }),
    };
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/static/') || path === config.healthPath || path === config.livenessPath) return;
    await context.sessions.load(request, reply);
  });
  // Time per request, in all and waiting for the APIs (browser dev tools and the bench read it).
  app.addHook('onSend', async (request, reply) => {
    reply.header(
      'server-timing',
      `app;dur=${reply.elapsedTime.toFixed(1)}, api;dur=${(request.portal?.apiMs ?? 0).toFixed(1)}`,
    );
  });
  // Every state change is a POST from one of our forms: refuse it without a valid CSRF token.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') return app.csrfProtection(request, reply, done);
    done();
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof SessionEndedError) {
      await context.sessions.end(request, reply);
      return reply.redirect('/sign-in?notice=session-ended', 303);
    }
    if (error instanceof ApiRefusedError) {
      const status = error.status === 404 || error.status === 403 ? 404 : 400;
      return context.render(request, reply.code(status), 'error', {
        title: 'Not available',
        message: error.problem?.title ?? 'That is not available to you.',
      });
    }
    if (error instanceof ApiUnavailableError) {
      request.log.error({ err: error, operation: error.operation }, 'API unavailable');
      return context.render(request, reply.code(503), 'error', {
        title: 'Temporarily unavailable',
        message: 'The service is temporarily unavailable. Please try again in a minute.',
      });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) {
      const message =
        status === 403
          ? 'This form has expired. Go back, reload the page and try again.'
          : status === 429
            ? 'Too many attempts. Please wait a few minutes.'
            : 'That request could not be handled.';
      return context.render(request, reply.code(status), 'error', {
        title: status === 429 ? 'Too many attempts' : 'Request refused',
        message,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return context.render(request, reply.code(500), 'error', {
      title: 'Something went wrong',
      message: 'Something went wrong on our side. Please try again.',
    });
  });
  app.setNotFoundHandler((request, reply) =>
    context.render(request, reply.code(404), 'error', {
      title: 'Not found',
      message: 'There is no such page.',
    }),
  );

  registerHealthRoutes(app, context);
  registerSignInRoutes(app, context);
  registerAccountRoutes(app, context);
  registerTransferRoutes(app, context);
  registerStatementRoutes(app, context);
  registerProfileRoutes(app, context);
  registerDeviceRoutes(app, context);
  registerPrivacyRoutes(app, context);
  app.get('/', async (request, reply) =>
    reply.redirect(request.portal.session ? '/accounts' : '/sign-in', 303),
  );
  return app;
}
