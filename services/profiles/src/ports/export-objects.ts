/**
 * The export files of the data subject in the exports bucket (`exports/<sub>/<jobId>/…`).
 * adapters/s3-export-objects.ts implements it (erasure deletes them; the export worker writes
 * them).
 */
export interface ExportObjects {
  /** Deletes every object under `exports/<sub>/`; returns how many (0 when run again). */
  deleteAllOf(sub: string): Promise<number>;
}
