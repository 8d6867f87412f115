/**
 * Migrations with Kysely's migrator, run by every task at start-up. On PostgreSQL it serialises
 * concurrent runs with a transaction-scoped advisory lock, so several tasks starting at once apply
 * each migration exactly once (tests/integration prove it with two processes). Migrations are
 * imported here, not read from a folder at run time, because the app is bundled.
 */
import type { Kysely } from 'kysely';
import type { PortalSchema } from './database';
import type { Migration } from 'kysely/migration';
import { Migrator } from 'kysely/migration';
import * as initial from './migrations/0001-initial';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
};

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export async function migrateToLatest(db: Kysely<PortalSchema>): Promise<{ applied: string[] }> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'portal_migrations',
    migrationLockTableName: 'portal_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new MigrationError(`portal migrations failed${failed ? ` at ${failed}` : ''}`, { cause: error });
  }
  return {
    applied: (results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}
