/**
 * What every route module receives: configuration, stores, the renderer and small helpers shared by
 * the pages (API results, audit, the sign-in guard).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from './api/client';
import type { PortalConfig } from './config';
import type { AuditTrail } from './db/audit';
import type { PortalDatabases } from './db/database';
import type { PreferencesStore } from './db/preferences';
import type { StatementStore } from './db/statements';
import type { Renderer } from './render';
import type { ActiveSession, SessionManager } from './session';

export interface PortalContext {
  config: PortalConfig;
  /** The resolved cookie/CSRF secret (config's, or the one kept in the database). */
  cookieSecret: string;
  dbs: PortalDatabases;
  sessions: SessionManager;
  audit: AuditTrail;
  preferences: PreferencesStore;
  statements: StatementStore;
  render: Renderer;
  isDraining(): boolean;
}

/** The API refused the session's tokens (revoked, expired, user locked or erased): sign in again. */
export class SessionEndedError extends Error {
  constructor(options?: ErrorOptions) {
    super('the API no longer accepts this session', options);
    this.name = 'SessionEndedError';
  }
}

/** An API answered 5xx, timed out or could not be reached. */
export class ApiUnavailableError extends Error {
  constructor(
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(`API unavailable: ${operation}`, options);
    this.name = 'ApiUnavailableError';
  }
}

/** A 4xx the page cannot handle itself (404 of an account that is not yours, 403): shown as such. */
export class ApiRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(`API refused: ${status} ${problem?.title ?? ''}`);
    this.name = 'ApiRefusedError';
  }
}

type ApiResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * Unwraps an openapi-fetch result: data, or the problem for the page to show (`expected` statuses),
 * or an error the app's error handler turns into a page (401 → session ended, 5xx → unavailable).
 */
export async function apiCall<T>(
  operation: string,
  call: () => Promise<ApiResult<T>>,
  expected: number[] = [],
): Promise<
  | { ok: true; data: T; status: number; headers: Headers }
  | { ok: false; status: number; problem: Problem | undefined }
> {
  let result: ApiResult<T>;
  try {
    result = await call();
  } catch (error) {
    throw new ApiUnavailableError(operation, { cause: error });
  }
  const status = result.response.status;
  if (status < 300) return { ok: true, data: result.data as T, status, headers: result.response.headers };
  const problem = result.error as Problem | undefined;
  if (expected.includes(status)) return { ok: false, status, problem };
  if (status === 401) throw new SessionEndedError();
  if (status >= 500) throw new ApiUnavailableError(operation, { cause: new Error(`${status}`) });
  throw new ApiRefusedError(status, problem);
}

/** The signed-in session, or a redirect to sign in. Use as `preHandler`. */
export async function requireSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.portal.session) {
    await reply.redirect('/sign-in', 303);
  }
}

export const sessionOf = (request: FastifyRequest): ActiveSession => {
  const session = request.portal.session;
  if (!session) throw new SessionEndedError();
  return session;
};

/** One audit row for a portal action (who, what, outcome, from where, correlation id). */
export function auditOf(context: PortalContext, request: FastifyRequest) {
  return (
    action: string,
    outcome: 'success' | 'failure',
    resource?: string,
    detail?: Record<string, string | number | boolean>,
  ) =>
    context.audit.append({
      userSub: request.portal.session?.userSub ?? null,
      action,
      outcome,
      ip: request.ip,
      requestId: request.portal.correlationId,
      ...(resource ? { resource } : {}),
      ...(detail ? { detail } : {}),
    });
}

/** The field errors of an RFC 9457 problem, keyed by the form's field name. */
export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const item of problem?.errors ?? []) {
    const pointer = item.pointer ?? item.field ?? '';
    const field = pointer.replace(/^#?\/?(body\/)?/, '').split('/')[0] ?? '';
    const message = item.detail ?? item.message ?? problem?.detail ?? 'Invalid value';
    if (field && !errors[field]) errors[field] = message;
  }
  return errors;
}
