/** Metadata of generated statements: which month, which format, its content hash, when. */
import type { PortalDatabases } from './database';

export interface StatementRecord {
  userSub: string;
  accountId: string;
  month: string;
  format: 'csv' | 'pdf';
  contentHash: string;
  generatedAt: Date;
}

export class StatementStore {
  constructor(private readonly dbs: PortalDatabases) {}

  async record(r: StatementRecord): Promise<void> {
    await this.dbs.writer
      .insertInto('portal_statements')
      .values({
        user_sub: r.userSub,
        account_id: r.accountId,
        month: r.month,
        format: r.format,
        content_hash: r.contentHash,
        generated_at: r.generatedAt,
      })
      .onConflict((oc) =>
        oc
          .columns(['user_sub', 'account_id', 'month', 'format'])
          .doUpdateSet({ content_hash: r.contentHash, generated_at: r.generatedAt }),
      )
      .execute();
  }

  async list(userSub: string): Promise<StatementRecord[]> {
    const rows = await this.dbs.reader
      .selectFrom('portal_statements')
      .selectAll()
      .where('user_sub', '=', userSub)
      .orderBy('month', 'desc')
      .execute();
    return rows.map((row) => ({
      userSub: row.user_sub,
      accountId: row.account_id,
      month: row.month,
      format: row.format,
      contentHash: row.content_hash,
      generatedAt: row.generated_at,
    }));
  }

  async delete(userSub: string): Promise<void> {
    await this.dbs.writer.deleteFrom('portal_statements').where('user_sub', '=', userSub).execute();
  }
}
