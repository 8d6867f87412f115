/** Per-user display preferences of the portal (not personal beyond the `sub` they are keyed by). */
import type { PortalDatabases } from './database';

export interface Preferences {
  historyPageSize: number;
  dateFormat: 'iso' | 'locale';
}

export const DEFAULT_PREFERENCES: Preferences = { historyPageSize: 25, dateFormat: 'iso' };

export class PreferencesStore {
  constructor(private readonly dbs: PortalDatabases) {}

  async get(userSub: string): Promise<Preferences> {
    const row = await this.dbs.reader
      .selectFrom('portal_preferences')
      .selectAll()
      .where('user_sub', '=', userSub)
      .executeTakeFirst();
    return row
      ? { historyPageSize: row.history_page_size, dateFormat: row.date_format }
      : { ...DEFAULT_PREFERENCES };
  }

  async put(userSub: string, changes: Partial<Preferences>): Promise<Preferences> {
    const next = { ...(await this.get(userSub)), ...changes };
    await this.dbs.writer
      .insertInto('portal_preferences')
      .values({
        user_sub: userSub,
        history_page_size: next.historyPageSize,
        date_format: next.dateFormat,
        updated_at: new Date(),
      })
      .onConflict((oc) =>
        oc.column('user_sub').doUpdateSet({
          history_page_size: next.historyPageSize,
          date_format: next.dateFormat,
          updated_at: new Date(),
        }),
      )
      .execute();
    return next;
  }

  async delete(userSub: string): Promise<void> {
    await this.dbs.writer.deleteFrom('portal_preferences').where('user_sub', '=', userSub).execute();
  }
}
