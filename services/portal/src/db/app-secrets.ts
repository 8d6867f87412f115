/**
 * A shared secret by name: the first task to ask creates it (256 random bits), every later ask (any
 * task, any restart) gets the same value. Concurrent first asks are safe: one insert wins, the
 * others read the winner's value.
 */
import { randomBytes } from 'node:crypto';
import type { PortalDatabases } from './database';

export async function sharedSecret(dbs: PortalDatabases, name: string): Promise<string> {
  await dbs.writer
    .insertInto('portal_app_secrets')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await dbs.writer
    .selectFrom('portal_app_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
