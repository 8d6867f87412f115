/**
 * The portal's tables. Sessions keep only the SHA-256 of the cookie token; the audit trail is
 * append-only (the database refuses UPDATE, TRUNCATE, and DELETE of rows younger than the audit
 * retention of 5 years).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('portal_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addColumn('sealed_tokens', 'text', (c) => c.notNull())
    .addColumn('access_expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('csrf_secret', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('mfa', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('idle_expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('absolute_expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_sessions_user').on('portal_sessions').column('user_sub').execute();
  await db.schema
    .createIndex('portal_sessions_idle')
    .on('portal_sessions')
    .column('idle_expires_at')
    .execute();

  await db.schema
    .createTable('portal_audit_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_sub', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('resource', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'failure')`))
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb')
    .execute();
  await db.schema
    .createIndex('portal_audit_events_user_at')
    .on('portal_audit_events')
    .columns(['user_sub', 'at'])
    .execute();
  await sql`
    create function portal_audit_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and old.at < now() - interval '5 years' then
        return old;
      end if;
      raise exception 'portal_audit_events is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`create trigger portal_audit_events_no_change before update or delete on portal_audit_events for each row execute function portal_audit_events_append_only()`.execute(
    db,
  );
  await sql`create trigger portal_audit_events_no_truncate before truncate on portal_audit_events for each statement execute function portal_audit_events_append_only()`.execute(
    db,
  );

  await db.schema
    .createTable('portal_preferences')
    .addColumn('user_sub', 'text', (c) => c.primaryKey())
    .addColumn('history_page_size', 'integer', (c) =>
      c.notNull().check(sql`history_page_size between 10 and 100`),
    )
    .addColumn('date_format', 'text', (c) => c.notNull().check(sql`date_format in ('iso', 'locale')`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('portal_statements')
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull().check(sql`month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('csv', 'pdf')`))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('generated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('portal_statements_pk', ['user_sub', 'account_id', 'month', 'format'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['portal_statements', 'portal_preferences', 'portal_audit_events', 'portal_sessions']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function portal_audit_events_append_only()`.execute(db);
}
