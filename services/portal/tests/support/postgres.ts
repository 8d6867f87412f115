/**
 * A fresh, empty PostgreSQL database for a test file: a new database in the real PostgreSQL named by
 * PORTAL_TEST_DATABASE_URL (CI starts Debian's, scripts/ci/postgres.sh), or an embedded PGlite in a
 * child process. `backends()` lists what this run can test against; CI must have the real one.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

export interface TestDatabase {
  kind: 'pglite' | 'postgresql';
  url: string;
  /** The pool size the portal may use against it (PGlite: one session, so one connection). */
  poolMax: number;
  stop(): Promise<void>;
}

export type Backend = TestDatabase['kind'];

const repoRoot = join(__dirname, '../../../..');

/** The backends of this run: PGlite always; PostgreSQL when PORTAL_TEST_DATABASE_URL is set (required in CI). */
export function backends(): Backend[] {
  if (process.env.PORTAL_TEST_DATABASE_URL) return ['pglite', 'postgresql'];
  if (process.env.CI === 'true')
    throw new Error(
      'CI must set PORTAL_TEST_DATABASE_URL (scripts/ci/postgres.sh): the portal is tested on a real PostgreSQL too',
    );
  return ['pglite'];
}

export async function startTestDatabase(kind: Backend): Promise<TestDatabase> {
  return kind === 'postgresql' ? freshPostgresDatabase() : startPglite();
}

async function freshPostgresDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.PORTAL_TEST_DATABASE_URL as string;
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgresql',
    url: url.toString(),
    poolMax: 10,
    async stop() {
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

async function startPglite(): Promise<TestDatabase> {
  const child = spawn(
    join(repoRoot, 'node_modules/.bin/tsx'),
    [join(repoRoot, 'services/portal/src/db/embedded-cli.ts'), '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /ready (\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) =>
      reject(new Error(`embedded PostgreSQL exited (${code}): ${stderr.slice(0, 500)}`)),
    );
  });
  return {
    kind: 'pglite',
    url,
    poolMax: 1,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
