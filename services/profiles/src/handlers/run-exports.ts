import type { DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { logger } from '@ledgerline/shared/logger';
import type { ExportDependencies } from '../use-cases/exports';
import { runExport, sweepExports } from '../use-cases/exports';
import { exportJobStore, ledgerReader, profileStore, userDirectory } from '../wiring';
import { exportFiles } from '../wiring-export-files';

const deps = (): ExportDependencies => ({
  jobs: exportJobStore(),
  files: exportFiles(),
  profiles: profileStore(),
  directory: userDirectory(),
  ledger: ledgerReader(),
});

/**
 * The export worker. On the profiles table's stream (filtered to new export jobs) it runs each job
 * at once; on its 5-minute schedule it is the sweeper: every job due (never started, or whose
 * worker died) is run. Both are safe to repeat (conditional claims, same object keys).
 */
export async function handler(event: DynamoDBStreamEvent | ScheduledEvent): Promise<void> {
  const now = new Date();
  if ('Records' in event) {
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (image?.entity?.S !== 'export' || image.status?.S !== 'pending') continue;
      const ref = { userId: String(image.userId?.S), exportId: String(image.exportId?.S) };
      try {
        logger.info('export run', { exportId: ref.exportId, result: await runExport(deps(), ref, now) });
      } catch (error) {
        // The job keeps its lease and the sweeper resumes it when the lease lapses: retrying the
        // batch here would only find the lease still held.
        logger.error('export run failed', { exportId: ref.exportId, error: error as Error });
      }
    }
    return;
  }
  const results = await sweepExports(deps(), now);
  if (results.length > 0) logger.info('export sweep', { results });
}
