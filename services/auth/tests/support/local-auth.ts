// Starts cognito-local for a test file and points the auth handlers (endpoints and authorizer) at it.
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { LocalCognito } from '../../../../scripts/local/cognito-local';
import { startCognitoLocal } from '../../../../scripts/local/cognito-local';
import { apiEvent, lambdaContext } from '../../../../tests/support/api-gateway';

export const STAGE = 'test';

export async function startLocalAuth(): Promise<LocalCognito> {
  const cognito = await startCognitoLocal({ detached: false });
  Object.assign(process.env, cognito.serviceEnv(STAGE), { IS_OFFLINE: 'true', STAGE });
  return cognito;
}

/**
 * The auth handlers, imported once `startLocalAuth()` has set the environment (the authorizer reads
 * it when its module loads, so a static import would see no pool).
 *
 * @example
 * const h = await loadAuthHandlers();
 * await post(h.login, '/auth/login', { email, password });
 */
export async function loadAuthHandlers() {
  return {
    signup: (await import('../../src/handlers/signup')).handler,
    confirm: (await import('../../src/handlers/confirm')).handler,
    login: (await import('../../src/handlers/login')).handler,
    refresh: (await import('../../src/handlers/refresh')).handler,
    logout: (await import('../../src/handlers/logout')).handler,
    logoutAll: (await import('../../src/handlers/logout-all')).handler,
    disableTotp: (await import('../../src/handlers/disable-totp')).handler,
    lockUser: (await import('../../src/handlers/lock-user')).handler,
    unlockUser: (await import('../../src/handlers/unlock-user')).handler,
    resetMfa: (await import('../../src/handlers/reset-mfa')).handler,
    setupTotp: (await import('../../src/handlers/setup-totp')).handler,
    verifyTotp: (await import('../../src/handlers/verify-totp')).handler,
    loginMfa: (await import('../../src/handlers/login-mfa')).handler,
    authorizer: (await import('../../src/handlers/authorizer')).handler,
  };
}

export type AuthHandlers = Awaited<ReturnType<typeof loadAuthHandlers>>;

type HttpHandler = (
  event: ReturnType<typeof apiEvent>,
  context: ReturnType<typeof lambdaContext>,
) => Promise<unknown>;

export interface HandlerResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** POSTs `body` to an endpoint handler in process and returns status, headers and parsed body. */
export function post(
  handler: HttpHandler,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  authorizer?: Record<string, unknown>,
): Promise<HandlerResponse> {
  return call(handler, { method: 'POST', path, body, headers, ...(authorizer && { authorizer }) });
}

/** Calls an endpoint handler in process with an API Gateway event built from `options`. */
export async function call(
  handler: HttpHandler,
  options: Parameters<typeof apiEvent>[0],
): Promise<HandlerResponse> {
  const event = apiEvent(options);
  const response = (await handler(event, lambdaContext())) as APIGatewayProxyResult;
  return {
    status: response.statusCode,
    headers: Object.fromEntries(
      Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    ),
    body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {},
  };
}

let counter = 0;
/** A fresh, unique test email address. */
export const newEmail = () => `user${Date.now()}${(counter += 1)}@example.com`;
export const STRONG_PASSWORD = 'Correct-Horse-9-Battery';
