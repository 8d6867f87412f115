/**
 * The export files of the data subject in the exports bucket (`exports/<sub>/<jobId>/…`).
 * adapters/s3-export-files.ts implements it.
 */
export interface ExportFiles {
  /** Deletes every object under `exports/<sub>/`; returns how many (0 when run again). */
  deleteAllOf(sub: string): Promise<number>;
}
