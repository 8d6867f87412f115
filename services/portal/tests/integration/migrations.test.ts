/**
 * Several ECS tasks start at once and each migrates at start-up: every migration must be applied
 * exactly once. Two real processes race on a fresh PostgreSQL database. (PGlite serves one process,
 * the local portal, so the race cannot happen there; its single-process migration is tested too.)
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { connectDatabases } from '../../src/db/database';
import { migrateToLatest, MIGRATIONS } from '../../src/db/migrate';
import { backends, startTestDatabase } from '../support/postgres';

const run = promisify(execFile);
const repoRoot = join(__dirname, '../../../..');

const migrateInChild = async (url: string) => {
  const { stdout } = await run(
    join(repoRoot, 'node_modules/.bin/tsx'),
    [join(__dirname, '../support/migrate-child.ts'), url],
    { timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as { applied: string[] };
};

describe.each(backends())('portal migrations on %s', (backend) => {
  it('migrate to latest applies every migration once, and a second run applies none', async () => {
    const database = await startTestDatabase(backend);
    const dbs = connectDatabases({
      writerUrl: database.url,
      readerUrl: database.url,
      poolMax: database.poolMax,
    });
    try {
      expect((await migrateToLatest(dbs.writer)).applied).toEqual(Object.keys(MIGRATIONS));
      expect((await migrateToLatest(dbs.writer)).applied).toEqual([]);
      const tables = await sql<{
        tablename: string;
      }>`select tablename from pg_tables where schemaname = 'public' and tablename like 'portal_%' order by 1`.execute(
        dbs.writer,
      );
      expect(tables.rows.map((row) => row.tablename)).toEqual([
        'portal_audit_events',
        'portal_migrations',
        'portal_migrations_lock',
        'portal_preferences',
        'portal_sessions',
        'portal_statements',
      ]);
    } finally {
      await dbs.close();
      await database.stop();
    }
  }, 60_000);
});

const realPostgres = backends().includes('postgresql') ? describe : describe.skip;
realPostgres('concurrent start-up (real PostgreSQL)', () => {
  it('two processes migrating the same fresh database at once: both succeed, each migration applied once', async () => {
    const database = await startTestDatabase('postgresql');
    try {
      const [first, second] = await Promise.all([migrateInChild(database.url), migrateInChild(database.url)]);
      const applied = [...(first?.applied ?? []), ...(second?.applied ?? [])].sort();
      expect(applied).toEqual(Object.keys(MIGRATIONS).sort());
      const dbs = connectDatabases({ writerUrl: database.url, readerUrl: database.url });
      try {
        const rows = await sql<{ name: string }>`select name from portal_migrations order by name`.execute(
          dbs.writer,
        );
        expect(rows.rows.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS));
      } finally {
        await dbs.close();
      }
    } finally {
      await database.stop();
    }
  }, 120_000);
});
