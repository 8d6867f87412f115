/**
 * How long the portal keeps what it stores (docs/privacy.md): expired browser sessions go at once,
 * audit events after 5 years (the database refuses earlier deletion), preferences and statement
 * metadata 13 months after they were last written (the portal is not told when a person is erased
 * through the app, so nothing keyed by a `sub` may live for ever). Every task runs the sweep every
 * 10 minutes; it is idempotent.
 */
import { sql } from 'kysely';
import type { PortalDatabases } from './database';

export const AUDIT_RETENTION = '5 years';
export const PREFERENCES_RETENTION = '13 months';

export interface SweepResult {
  sessions: number;
  auditEvents: number;
  preferences: number;
  statements: number;
}

export async function sweepExpired(dbs: PortalDatabases, now = new Date()): Promise<SweepResult> {
  const { writer } = dbs;
  const sessions = await writer
    .deleteFrom('portal_sessions')
    .where((eb) => eb.or([eb('idle_expires_at', '<=', now), eb('absolute_expires_at', '<=', now)]))
    .executeTakeFirst();
  const auditEvents = await writer
    .deleteFrom('portal_audit_events')
    .where('at', '<', sql<Date>`${now}::timestamptz - ${sql.lit(AUDIT_RETENTION)}::interval`)
    .executeTakeFirst();
  const preferences = await writer
    .deleteFrom('portal_preferences')
    .where('updated_at', '<', sql<Date>`${now}::timestamptz - ${sql.lit(PREFERENCES_RETENTION)}::interval`)
    .executeTakeFirst();
  const statements = await writer
    .deleteFrom('portal_statements')
    .where('generated_at', '<', sql<Date>`${now}::timestamptz - ${sql.lit(PREFERENCES_RETENTION)}::interval`)
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    auditEvents: Number(auditEvents.numDeletedRows),
    preferences: Number(preferences.numDeletedRows),
    statements: Number(statements.numDeletedRows),
  };
}
