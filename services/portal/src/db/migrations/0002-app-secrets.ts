/**
 * Secrets the portal's tasks must share (the cookie/CSRF secret): created once by the first task,
 * read by every other, kept in Aurora (encrypted at rest with the portal's CMK) rather than in
 * Terraform state or an extra Secrets Manager secret to provision.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('portal_app_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('portal_app_secrets').execute();
}
