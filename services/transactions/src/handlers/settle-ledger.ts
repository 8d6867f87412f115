import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { runtimeConfig } from '@ledgerline/shared/config';
import { logger } from '@ledgerline/shared/logger';
import { sealedLedgerStore } from '../wiring';
import { deliverTransfer } from '../use-cases/cross-region';
import { expireHolds } from '../use-cases/holds';

const store = sealedLedgerStore();
const { region } = runtimeConfig();

/**
 * Scheduled every minute in each API region: releases the holds homed here that are past their
 * timeout, and completes the cross-region transfers homed here (destination leg, then posting or
 * refunding the source) — idempotent by transfer id, so overlapping runs are harmless.
 */
export const handler = middy(async () => {
  const result = await expireHolds(store, region, async (transfer) => {
    await deliverTransfer(store, transfer.transferId, transfer.homeRegion);
  });
  logger.info('ledger settled', result);
  // The others are done; failing the run makes the Lambda Errors alarm see the ones left (retried
  // by the next run).
  if (result.failed > 0)
    throw new Error(`${result.failed} due transfers could not be settled; retried next run`);
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
