import type { Readable } from 'node:stream';

/** The exports bucket (adapters/s3-export-files.ts). */
export interface ExportFiles {
  /** Streams `body` to `key` (replacing any object there: a re-run overwrites the same keys). */
  write(key: string, body: Readable, contentType: string): Promise<void>;
  /** A GET link to `key` valid for `seconds`. */
  linkTo(key: string, seconds: number): Promise<string>;
}
