import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { runtimeConfig } from '@ledgerline/shared/config';
import { logger } from '@ledgerline/shared/logger';
import { sealedLedgerStore } from '../wiring';
import { ledgerMetrics } from '../wiring-metrics';
import { reconcileIncrementally } from '../use-cases/reconcile';

const store = sealedLedgerStore();
const { region } = runtimeConfig();

/**
 * Scheduled every 5 minutes in each API region: the incremental reconciliation of the transfers
 * homed here (use-cases/reconcile.ts). Its metrics drive the ledger alarms (terraform-foundation/edge);
 * violations are logged by id only (no amounts of a person, no names).
 */
export const handler = middy(async () => {
  const report = await reconcileIncrementally(store, ledgerMetrics, region, new Date());
  const summary = {
    window: report.window,
    transfers: report.transfers,
    accounts: report.accounts,
    imbalance: report.imbalance,
    violations: report.violations.length,
    stuckPending: report.stuckPending.length,
  };
  if (report.violations.length > 0 || report.imbalance !== 0) {
    logger.error('ledger reconciliation found violations', {
      ...summary,
      details: report.violations.slice(0, 50),
    });
  } else logger.info('ledger reconciled', summary);
  return summary;
}).use(injectLambdaContext(logger, { resetKeys: true }));
