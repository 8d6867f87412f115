import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { logger } from '@ledgerline/shared/logger';
import { runErasure, sweepErasures } from '../use-cases/erasure';
import { erasurePorts } from '../wiring-erasure';

const ports = erasurePorts();

/** The people whose new erasure job a stream batch holds (the job is read again before it runs). */
export function erasuresToRun(event: DynamoDBStreamEvent): Array<{ sub: string; sequence: string }> {
  const due: Array<{ sub: string; sequence: string }> = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    // The event source's filter selects the same records on AWS; checked again here.
    if (record.eventName !== 'INSERT' || image?.entity?.S !== 'erasure' || !image.sub?.S) continue;
    due.push({ sub: image.sub.S, sequence: record.dynamodb?.SequenceNumber ?? '' });
  }
  return due;
}

const isStreamEvent = (event: unknown): event is DynamoDBStreamEvent =>
  Array.isArray((event as { Records?: unknown }).Records);

/**
 * The erasure worker, one function with two triggers (docs/privacy.md, "Erasure"): the profiles
 * table's stream (a new job runs within seconds; a failed record is retried by the event source)
 * and a 5-minute schedule, the sweeper, which runs every unfinished job whose lease has passed
 * (never picked up, crashed part-way, or a blocked step due for its retry). Both run the same
 * idempotent steps from the job's first unfinished one.
 */
export const handler = middy(
  async (
    event: DynamoDBStreamEvent | ScheduledEvent,
  ): Promise<DynamoDBBatchResponse | { completed: number; failed: number }> => {
    if (!isStreamEvent(event)) {
      const result = await sweepErasures(ports);
      if (result.completed + result.failed > 0) logger.info('erasure sweep', result);
      return result;
    }
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    for (const { sub, sequence } of erasuresToRun(event)) {
      try {
        await runErasure(ports, sub);
      } catch (error) {
        logger.warn('erasure not finished; retried', { error: (error as Error).name });
        batchItemFailures.push({ itemIdentifier: sequence });
      }
    }
    return { batchItemFailures };
  },
).use(injectLambdaContext(logger, { resetKeys: true }));
