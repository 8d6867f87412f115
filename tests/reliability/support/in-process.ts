// The real transactions and profiles handlers, loaded in this process with their DynamoDB endpoint
// pointed at `endpoint` (the fault proxy), called with API Gateway events as behind the authorizer.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { apiEvent, lambdaContext } from '../../support/api-gateway';
import type { ApiEventOptions } from '../../support/api-gateway';
import { loadHandlerWithEnv } from '../../support/handlers';

export interface Caller {
  sub: string;
  tokenType: 'access' | 'service';
  scope: string;
  clientId: string;
}

export interface InProcessReply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json: Record<string, unknown>;
  /** For a 5xx other than 503: the handler's error log lines of this request. */
  log: string;
}

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;

export async function inProcessApi(endpoint: string) {
  const env = {
    DYNAMODB_ENDPOINT: endpoint,
    STAGE: 'dev',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    TABLE_NAME: undefined,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  // Some configuration is read per request (table names from STAGE): keep it for this test process.
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  // Each handler copy's logger is muted (a jest mock): its error lines explain any 500.
  const loggers: Logger[] = [];
  const load = (importer: () => Promise<{ handler: unknown }>) =>
    loadHandlerWithEnv<Handler>(importer, env, (logger) => loggers.push(logger));
  const errorLines = () =>
    loggers.flatMap((logger) => {
      const sink = (logger as unknown as { console: { error: jest.Mock } }).console;
      return (['error', 'warn', 'info', 'log'] as const).flatMap((level) =>
        ((sink as unknown as Record<string, jest.Mock>)[level]?.mock?.calls ?? []).map(
          (args: unknown[]) => `${level}: ${args.map(String).join(' ')}`,
        ),
      );
    });
  const handlers = {
    createAccount: await load(() => import('../../../services/transactions/src/handlers/create-account')),
    createTransfer: await load(() => import('../../../services/transactions/src/handlers/create-transfer')),
    createProfile: await load(() => import('../../../services/profiles/src/handlers/create-profile')),
    updateProfile: await load(() => import('../../../services/profiles/src/handlers/update-profile')),
  };
  const invoke = async (
    handler: Handler,
    caller: Caller,
    options: ApiEventOptions,
  ): Promise<InProcessReply> => {
    const raw = await handler(apiEvent({ ...options, authorizer: { ...caller } }), lambdaContext());
    const headers = Object.fromEntries(
      Object.entries(raw.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    let json: Record<string, unknown> = {};
    try {
      json = raw.body ? (JSON.parse(raw.body) as Record<string, unknown>) : {};
    } catch {
      json = {};
    }
    // A 5xx other than 503 is a bug: keep what the handler logged about this request.
    const instance = String(json.instance ?? '');
    // Concurrent requests share a handler copy's logger keys (requestId may be another request's),
    // so also match the problem kind the handler logged.
    const kind = String(json.type ?? '')
      .split('/')
      .pop();
    const log =
      raw.statusCode >= 500 && raw.statusCode !== 503
        ? errorLines()
            .filter((line) => line.includes(instance) || line.includes(`"problem":"${kind}"`))
            .slice(-3)
            .join('\n') || '(nothing logged)'
        : '';
    return { statusCode: raw.statusCode, headers, body: raw.body, json, log };
  };
  return {
    createAccount: (caller: Caller, body: unknown) =>
      invoke(handlers.createAccount, caller, {
        method: 'POST',
        path: '/accounts',
        resource: '/accounts',
        body,
      }),
    createTransfer: (caller: Caller, key: string, body: unknown) =>
      invoke(handlers.createTransfer, caller, {
        method: 'POST',
        path: '/transfers',
        resource: '/transfers',
        headers: { 'Idempotency-Key': key },
        body,
      }),
    createProfile: (caller: Caller, body: unknown) =>
      invoke(handlers.createProfile, caller, {
        method: 'POST',
        path: '/profiles',
        resource: '/profiles',
        body,
      }),
    patchProfile: (caller: Caller, body: unknown, ifMatch: string) =>
      invoke(handlers.updateProfile, caller, {
        method: 'PATCH',
        path: '/profiles/me',
        resource: '/profiles/me',
        headers: { 'If-Match': ifMatch },
        body,
      }),
  };
}
