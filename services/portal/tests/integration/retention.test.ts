/**
 * What the portal keeps and for how long (docs/privacy.md, "Retention"), on PGlite and on a real
 * PostgreSQL when PORTAL_TEST_DATABASE_URL is set (always in CI).
 */
import { sql } from 'kysely';
import { AuditTrail } from '../../src/db/audit';
import type { PortalDatabases } from '../../src/db/database';
import { connectDatabases } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { PreferencesStore } from '../../src/db/preferences';
import { sweepExpired } from '../../src/db/retention';
import { SessionStore } from '../../src/db/sessions';
import { StatementStore } from '../../src/db/statements';
import type { TestDatabase } from '../support/postgres';
import { backends, startTestDatabase } from '../support/postgres';

const LIMITS = { idleMs: 15 * 60_000, absoluteMs: 12 * 3_600_000 };
const DAY = 86_400_000;
const session = (userSub: string) => ({
  userSub,
  sealedTokens: 'v1.x.y.z',
  accessExpiresAt: new Date(),
  csrfSecret: 'c',
  ip: '203.0.113.7',
  userAgent: 'test',
  mfa: false,
});

describe.each(backends())('portal retention on %s', (backend) => {
  let database: TestDatabase;
  let dbs: PortalDatabases;

  beforeAll(async () => {
    database = await startTestDatabase(backend);
    dbs = connectDatabases({ writerUrl: database.url, readerUrl: database.url, poolMax: database.poolMax });
    await migrateToLatest(dbs.writer);
  }, 60_000);

  afterAll(async () => {
    await dbs?.close();
    await database?.stop();
  });

  it('browser sessions: refused after 15 idle minutes or 12 hours in all, and deleted by the sweep', async () => {
    const store = new SessionStore(dbs, LIMITS);
    const start = new Date('2026-12-01T08:00:00Z');
    await store.create('a'.repeat(64), session('sub-idle'), start);
    await store.create('b'.repeat(64), session('sub-active'), start);
    // Active use keeps one alive, but never past the absolute deadline.
    for (let minutes = 10; minutes <= 12 * 60; minutes += 10)
      await store.touch('b'.repeat(64), new Date(start.getTime() + minutes * 60_000));
    expect(await store.findActive('a'.repeat(64), new Date(start.getTime() + 14 * 60_000))).toBeDefined();
    expect(await store.findActive('a'.repeat(64), new Date(start.getTime() + 16 * 60_000))).toBeUndefined();
    expect(
      await store.findActive('b'.repeat(64), new Date(start.getTime() + 11.9 * 3_600_000)),
    ).toBeDefined();
    expect(
      await store.findActive('b'.repeat(64), new Date(start.getTime() + 12 * 3_600_000)),
    ).toBeUndefined();
    const swept = await sweepExpired(dbs, new Date(start.getTime() + 12 * 3_600_000));
    expect(swept.sessions).toBe(2);
    const rows = await dbs.writer.selectFrom('portal_sessions').select('id_hash').execute();
    expect(rows).toEqual([]);
  });

  it('audit events: the database refuses UPDATE, TRUNCATE and early DELETE; the sweep deletes them after 5 years', async () => {
    const audit = new AuditTrail(dbs);
    const now = new Date();
    await audit.append(
      { userSub: 'sub-audit', action: 'sign-in', outcome: 'success', ip: '203.0.113.7', requestId: 'r-1' },
      new Date(now.getTime() - (5 * 365 + 2) * DAY),
    );
    await audit.append(
      {
        userSub: 'sub-audit',
        action: 'view-history',
        resource: 'acc_x',
        outcome: 'success',
        ip: '203.0.113.7',
        requestId: 'r-2',
        detail: { rows: 3 },
      },
      new Date(now.getTime() - 30 * DAY),
    );
    await expect(sql`update portal_audit_events set action = 'forged'`.execute(dbs.writer)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      sql`delete from portal_audit_events where action = 'view-history'`.execute(dbs.writer),
    ).rejects.toThrow(/append-only/);
    await expect(sql`truncate portal_audit_events`.execute(dbs.writer)).rejects.toThrow(/append-only/);
    expect((await audit.listForUser('sub-audit')).map((event) => event.action)).toEqual([
      'view-history',
      'sign-in',
    ]);
    const swept = await sweepExpired(dbs, now);
    expect(swept.auditEvents).toBe(1);
    const kept = await audit.listForUser('sub-audit');
    expect(kept).toEqual([
      expect.objectContaining({
        action: 'view-history',
        resource: 'acc_x',
        detail: { rows: 3 },
        ip: '203.0.113.7',
        requestId: 'r-2',
      }),
    ]);
  });

  it('preferences and statement metadata: deleted 13 months after they were last written', async () => {
    const preferences = new PreferencesStore(dbs);
    const statements = new StatementStore(dbs);
    await preferences.put('sub-old', { historyPageSize: 50 });
    await preferences.put('sub-new', { historyPageSize: 10 });
    await dbs.writer
      .updateTable('portal_preferences')
      .set({ updated_at: new Date(Date.now() - 400 * DAY) })
      .where('user_sub', '=', 'sub-old')
      .execute();
    await statements.record({
      userSub: 'sub-old',
      accountId: 'acc_a',
      month: '2025-01',
      format: 'pdf',
      contentHash: 'sha256:aa',
      generatedAt: new Date(Date.now() - 400 * DAY),
    });
    await statements.record({
      userSub: 'sub-new',
      accountId: 'acc_b',
      month: '2026-11',
      format: 'csv',
      contentHash: 'sha256:bb',
      generatedAt: new Date(),
    });
    const swept = await sweepExpired(dbs);
    expect(swept).toMatchObject({ preferences: 1, statements: 1 });
    expect(await preferences.get('sub-old')).toEqual({ historyPageSize: 25, dateFormat: 'iso' });
    expect(await preferences.get('sub-new')).toEqual({ historyPageSize: 10, dateFormat: 'iso' });
    expect((await statements.list('sub-new')).map((s) => s.contentHash)).toEqual(['sha256:bb']);
    expect(await statements.list('sub-old')).toEqual([]);
  });
});
