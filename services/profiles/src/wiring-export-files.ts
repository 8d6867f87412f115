/**
 * The exports bucket's files, for the function that writes them (run-exports), apart from
 * wiring.ts: see the note there.
 */
import { S3ExportFiles } from './adapters/s3-export-files';
import type { ExportFiles } from './ports/export-files';

let defaultExportFiles: ExportFiles | undefined;

/** The exports bucket (EXPORTS_BUCKET, the exports CMK; s3rver locally), built on first use. */
export function exportFiles(): ExportFiles {
  defaultExportFiles ??= S3ExportFiles.fromEnvironment();
  return defaultExportFiles;
}
