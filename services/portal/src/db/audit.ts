/**
 * The append-only audit trail of portal actions: who (`sub`), what, on which resource, the outcome,
 * from which IP, when, and the correlation id that ties it to the API's own logs.
 */
import type { PortalDatabases } from './database';

export interface AuditEvent {
  userSub: string | null;
  action: string;
  resource?: string;
  outcome: 'success' | 'failure';
  ip: string;
  requestId: string;
  detail?: Record<string, string | number | boolean>;
}

export class AuditTrail {
  constructor(private readonly dbs: PortalDatabases) {}

  async append(event: AuditEvent, at?: Date): Promise<void> {
    await this.dbs.writer
      .insertInto('portal_audit_events')
      .values({
        ...(at ? { at } : {}),
        user_sub: event.userSub,
        action: event.action,
        resource: event.resource ?? null,
        outcome: event.outcome,
        ip: event.ip,
        request_id: event.requestId,
        detail: event.detail ? JSON.stringify(event.detail) : null,
      })
      .execute();
  }

  /** A user's events, newest first. */
  async listForUser(userSub: string, limit = 100): Promise<(AuditEvent & { id: string; at: Date })[]> {
    const rows = await this.dbs.writer
      .selectFrom('portal_audit_events')
      .selectAll()
      .where('user_sub', '=', userSub)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: String(row.id),
      at: row.at,
      userSub: row.user_sub,
      action: row.action,
      outcome: row.outcome,
      ip: row.ip,
      requestId: row.request_id,
      ...(row.resource ? { resource: row.resource } : {}),
      ...(row.detail ? { detail: row.detail } : {}),
    }));
  }
}
