// Loading handlers under a different environment (their configuration is read at module load).
import type { Logger } from '@aws-lambda-powertools/logger';
import { findFreePort } from '../../scripts/local/processes';
import { muteLogs } from './logs';

/**
 * Imports a handler module afresh (its own copy of every module it uses) with `env` applied while
 * it loads, restores the environment, and mutes that copy's logger. Returns the module's `handler`.
 *
 * @example
 * const handler = await loadHandlerWithEnv(() => import('../../src/handlers/health'), {
 *   DYNAMODB_ENDPOINT: await closedPortEndpoint(),
 * });
 */
export async function loadHandlerWithEnv<THandler>(
  load: () => Promise<{ handler: unknown }>,
  env: Record<string, string | undefined>,
  /** Receives that copy's (muted) logger, e.g. to read what it logged from the mocked sink. */
  onLogger?: (logger: Logger) => void,
): Promise<THandler> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  let handler: THandler | undefined;
  try {
    // `undefined` means "unset": Object.assign would store the string "undefined" (process.env
    // coerces), e.g. TABLE_NAME=undefined, and the handler would then address a table of that name.
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await jest.isolateModulesAsync(async () => {
      handler = (await load()).handler as THandler;
      const { logger } = await import('../../shared/src/logger');
      muteLogs(logger);
      onLogger?.(logger);
    });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  return handler as THandler;
}

/** An endpoint where nothing listens: connections are refused at once. */
export async function closedPortEndpoint(): Promise<string> {
  return `http://127.0.0.1:${await findFreePort()}`;
}
