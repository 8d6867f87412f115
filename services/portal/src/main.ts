/**
 * The portal process: configuration → database (migrated; safe when several tasks start at once) →
 * HTTP. On SIGTERM (ECS stopping the task) readiness turns 503, in-flight requests finish, the pools
 * close, and the process exits within DRAIN_TIMEOUT_MS (below the task's stopTimeout).
 */
import { loadConfig } from './config';
import type { PortalConfig } from './config';
import { buildApp } from './app';
import { AuditTrail } from './db/audit';
import { connectDatabases } from './db/database';
import { migrateToLatest } from './db/migrate';
import { PreferencesStore } from './db/preferences';
import { sweepExpired } from './db/retention';
import { SessionStore } from './db/sessions';
import { StatementStore } from './db/statements';
import { createRenderer } from './render';
import { SessionManager } from './session';

const RETENTION_SWEEP_MS = 10 * 60_000;

export interface RunningPortal {
  url: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** Starts the portal with `config`; an embedded PostgreSQL (PGlite) when no database is configured. */
export async function startPortal(config: PortalConfig): Promise<RunningPortal> {
  let embedded: { url: string; stop(): Promise<void> } | undefined;
  let database = config.database;
  if (database === 'embedded') {
    // Dev-only dependency, loaded only here: the production image has no PGlite.
    const { startEmbeddedPostgres } = await import('./db/embedded');
    const started = await startEmbeddedPostgres({ port: Number(process.env.PORTAL_DB_PORT ?? 0) });
    embedded = started;
    database = { writerUrl: started.url, readerUrl: started.url, ssl: false };
  }
  const dbs = connectDatabases({
    writerUrl: database.writerUrl,
    readerUrl: database.readerUrl,
    ssl: database.ssl,
    ...(embedded ? { poolMax: 1 } : {}),
  });
  await migrateToLatest(dbs.writer);
  let draining = false;
  const app = await buildApp({
    config,
    dbs,
    sessions: new SessionManager(config, new SessionStore(dbs, config.session)),
    audit: new AuditTrail(dbs),
    preferences: new PreferencesStore(dbs),
    statements: new StatementStore(dbs),
    render: createRenderer(config.assetsDir),
    isDraining: () => draining,
  });
  await app.listen({ port: config.port, host: config.host });
  // Retention (db/retention.ts): expired sessions, old audit events, stale preferences and statements.
  const sweep = setInterval(() => {
    sweepExpired(dbs).then(
      (deleted) => app.log.info({ deleted }, 'retention sweep'),
      (error: unknown) => app.log.warn({ err: error }, 'retention sweep failed'),
    );
  }, RETENTION_SWEEP_MS);
  sweep.unref();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    databaseUrl: database.writerUrl,
    async stop() {
      draining = true;
      clearInterval(sweep);
      await app.close();
      await dbs.close();
      await embedded?.stop();
    },
  };
}

/** One JSON log line on stdout (the process's own events; requests log through Fastify's pino). */
const logLine = (level: 'info' | 'error' | 'fatal', message: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), msg: message, ...extra })}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const portal = await startPortal(config);
  const log = (message: string, extra: Record<string, unknown> = {}) =>
    logLine('info', message, { region: config.region, role: config.role, ...extra });
  log('portal listening', { url: portal.url, embeddedDatabase: config.database === 'embedded' });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('draining', { signal });
    const timer = setTimeout(() => {
      logLine('error', 'drain timed out', { timeoutMs: config.drainTimeoutMs });
      process.exit(1);
    }, config.drainTimeoutMs);
    timer.unref();
    portal.stop().then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logLine('error', 'stop failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    logLine('fatal', 'portal failed to start', {
      error: error instanceof Error ? error.message : String(error),
    });
    process.exit(1);
  });
}
