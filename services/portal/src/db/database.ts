/**
 * The portal's PostgreSQL (Aurora on AWS, PGlite or Debian's PostgreSQL locally and in CI) through
 * Kysely over the standard `pg` driver: a writer pool (sessions, audit, everything read right after
 * a write) and a reader pool (lists) on Aurora's reader endpoint.
 */
import type { ColumnType, Generated } from 'kysely';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';

export interface DatabaseConfig {
  writerUrl: string;
  readerUrl: string;
  poolMax?: number;
  ssl?: boolean | { rejectUnauthorized: boolean; ca?: string };
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface PortalSchema {
  portal_sessions: {
    id_hash: string;
    user_sub: string;
    sealed_tokens: string;
    access_expires_at: Timestamp;
    csrf_secret: string;
    ip: string;
    user_agent: string;
    mfa: boolean;
    created_at: Timestamp;
    last_seen_at: Timestamp;
    idle_expires_at: Timestamp;
    absolute_expires_at: Timestamp;
  };
  portal_audit_events: {
    id: Generated<string>;
    at: ColumnType<Date, Date | string | undefined, never>;
    user_sub: string | null;
    action: string;
    resource: string | null;
    outcome: 'success' | 'failure';
    ip: string;
    request_id: string;
    detail: ColumnType<Record<string, string | number | boolean> | null, string | null, never>;
  };
  portal_preferences: {
    user_sub: string;
    history_page_size: number;
    date_format: 'iso' | 'locale';
    updated_at: Timestamp;
  };
  portal_app_secrets: {
    name: string;
    value: string;
    created_at: ColumnType<Date, Date | string | undefined, never>;
  };
  portal_statements: {
    user_sub: string;
    account_id: string;
    month: string;
    format: 'csv' | 'pdf';
    content_hash: string;
    generated_at: Timestamp;
  };
}

export interface PortalDatabases {
  writer: Kysely<PortalSchema>;
  reader: Kysely<PortalSchema>;
  /** SELECT 1 on the writer; rejects within ~2 s when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 2_000;

function pool(url: string, config: DatabaseConfig): Pool {
  return new Pool({
    connectionString: url,
    max: config.poolMax ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    // A query that hangs (failover in progress) must not hold a request for ever.
    statement_timeout: 10_000,
    ...(config.ssl ? { ssl: config.ssl } : {}),
  });
}

export function connectDatabases(config: DatabaseConfig): PortalDatabases {
  const writerPool = pool(config.writerUrl, config);
  const samePool = config.readerUrl === config.writerUrl;
  const readerPool = samePool ? writerPool : pool(config.readerUrl, config);
  // An idle client's error (the database restarted) must not crash the process: the next query reconnects.
  for (const p of new Set([writerPool, readerPool])) p.on('error', () => undefined);
  const writer = new Kysely<PortalSchema>({ dialect: new PostgresDialect({ pool: writerPool }) });
  const reader = samePool
    ? writer
    : new Kysely<PortalSchema>({ dialect: new PostgresDialect({ pool: readerPool }) });
  return {
    writer,
    reader,
    async ping() {
      await Promise.race([
        sql`select 1`.execute(writer),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('database ping timed out')), CONNECT_TIMEOUT_MS).unref(),
        ),
      ]);
    },
    async close() {
      await writer.destroy();
      if (reader !== writer) await reader.destroy();
    },
  };
}
