import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { runtimeConfig } from '@ledgerline/shared/config';
import { logger } from '@ledgerline/shared/logger';
import { sealedLedgerStore } from '../wiring';
import { deliverTransfer } from '../use-cases/cross-region';

const store = sealedLedgerStore();
const { region } = runtimeConfig();

/** The stream records this region must act on: new or changed pending cross-region transfers homed here. */
export function transfersToDeliver(
  event: DynamoDBStreamEvent,
  home: string,
): Array<{ transferId: string; sequence: string }> {
  const due: Array<{ transferId: string; sequence: string }> = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (!image) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    // The event source's filter pattern selects the same records on AWS; checked again here so that
    // a widened filter (or a replayed batch) can never make this region act for another.
    if (item.entity !== 'transfer' || item.status !== 'pending' || !item.route || item.homeRegion !== home)
      continue;
    due.push({ transferId: String(item.transferId), sequence: record.dynamodb?.SequenceNumber ?? '' });
  }
  return due;
}

/**
 * The table stream's consumer in each API region: completes the cross-region transfers homed here as
 * soon as they are written (destination leg, then posting or refunding the source), idempotent by
 * transfer id. A record that fails is reported alone (ReportBatchItemFailures) and retried by the
 * event source (10 attempts, batch bisected); after that it goes to the SQS dead-letter queue
 * `ledgerline-transfer-delivery-dlq-<stage>` (alarmed), and the settle job's sweeper still completes
 * the transfer from the table.
 */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const { transferId, sequence } of transfersToDeliver(event, region)) {
    try {
      const status = await deliverTransfer(store, transferId, region);
      logger.info('cross-region transfer completed', { transferId, status });
    } catch (error) {
      logger.warn('cross-region transfer not completed; retried', {
        transferId,
        error: (error as Error).name,
      });
      batchItemFailures.push({ itemIdentifier: sequence });
    }
  }
  return { batchItemFailures };
}).use(injectLambdaContext(logger, { resetKeys: true }));
