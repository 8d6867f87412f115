/**
 * Portal browser sessions. The row is keyed by the SHA-256 of the cookie token (`idHash`); a session
 * is active until its idle deadline (moved forward on every request, never past the absolute one).
 */
import type { Selectable } from 'kysely';
import type { PortalDatabases, PortalSchema } from './database';

export interface NewSession {
  userSub: string;
  sealedTokens: string;
  accessExpiresAt: Date;
  csrfSecret: string;
  ip: string;
  userAgent: string;
  mfa: boolean;
}

export interface SessionRecord extends NewSession {
  idHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

const toRecord = (row: Selectable<PortalSchema['portal_sessions']>): SessionRecord => ({
  idHash: row.id_hash,
  userSub: row.user_sub,
  sealedTokens: row.sealed_tokens,
  accessExpiresAt: row.access_expires_at,
  csrfSecret: row.csrf_secret,
  ip: row.ip,
  userAgent: row.user_agent,
  mfa: row.mfa,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  idleExpiresAt: row.idle_expires_at,
  absoluteExpiresAt: row.absolute_expires_at,
});

export class SessionStore {
  constructor(
    private readonly dbs: PortalDatabases,
    private readonly limits: SessionLimits,
  ) {}

  async create(idHash: string, session: NewSession, now = new Date()): Promise<SessionRecord> {
    const absolute = new Date(now.getTime() + this.limits.absoluteMs);
    const idle = new Date(Math.min(now.getTime() + this.limits.idleMs, absolute.getTime()));
    const row = await this.dbs.writer
      .insertInto('portal_sessions')
      .values({
        id_hash: idHash,
        user_sub: session.userSub,
        sealed_tokens: session.sealedTokens,
        access_expires_at: session.accessExpiresAt,
        csrf_secret: session.csrfSecret,
        ip: session.ip,
        user_agent: session.userAgent,
        mfa: session.mfa,
        created_at: now,
        last_seen_at: now,
        idle_expires_at: idle,
        absolute_expires_at: absolute,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The session if it exists and neither deadline has passed (read from the writer: read-your-writes). */
  async findActive(idHash: string, now = new Date()): Promise<SessionRecord | undefined> {
    const row = await this.dbs.writer
      .selectFrom('portal_sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .where('idle_expires_at', '>', now)
      .where('absolute_expires_at', '>', now)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async touch(idHash: string, now = new Date()): Promise<void> {
    const idle = new Date(now.getTime() + this.limits.idleMs);
    await this.dbs.writer
      .updateTable('portal_sessions')
      .set((eb) => ({
        last_seen_at: now,
        idle_expires_at: eb.fn('least', [eb.val(idle), eb.ref('absolute_expires_at')]),
      }))
      .where('id_hash', '=', idHash)
      .execute();
  }

  async updateTokens(idHash: string, sealedTokens: string, accessExpiresAt: Date): Promise<void> {
    await this.dbs.writer
      .updateTable('portal_sessions')
      .set({ sealed_tokens: sealedTokens, access_expires_at: accessExpiresAt })
      .where('id_hash', '=', idHash)
      .execute();
  }

  async revoke(idHash: string): Promise<boolean> {
    const result = await this.dbs.writer
      .deleteFrom('portal_sessions')
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async revokeAllForUser(userSub: string): Promise<number> {
    const result = await this.dbs.writer
      .deleteFrom('portal_sessions')
      .where('user_sub', '=', userSub)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Active sessions of a user, newest first (reader endpoint: a just-created session may lag by milliseconds). */
  async listForUser(userSub: string, now = new Date()): Promise<SessionRecord[]> {
    const rows = await this.dbs.reader
      .selectFrom('portal_sessions')
      .selectAll()
      .where('user_sub', '=', userSub)
      .where('idle_expires_at', '>', now)
      .where('absolute_expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toRecord);
  }
}
