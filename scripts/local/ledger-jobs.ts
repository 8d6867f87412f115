// The transactions service's scheduled functions in the local stack (serverless-offline does not run
// `schedule` events): every few seconds the settle job of each region (hold expiry, cross-region
// completion), every minute the incremental reconciliation, whose summary is printed. The same use
// cases as settle-ledger.ts and reconcile.ts, in this process, against the stack's DynamoDB Local.
import { REGIONS } from '../deploy/options';
import { delay } from './processes';

export interface LedgerJobs {
  stop(): Promise<void>;
}

/**
 * Starts the ledger's periodic jobs for `stage` on DynamoDB Local at `endpoint`.
 *
 * @example
 * const jobs = await startLedgerJobs({ endpoint, stage: 'dev', onLine: console.log });
 * await jobs.stop();
 */
export async function startLedgerJobs(options: {
  endpoint: string;
  stage: string;
  onLine: (line: string) => void;
  settleEveryMs?: number;
  /** How long stop() waits for a job in flight (default 5 s). */
  stopGraceMs?: number;
  reconcileEveryMs?: number;
}): Promise<LedgerJobs> {
  process.env.DYNAMODB_ENDPOINT = options.endpoint;
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const { tableName } = await import('../../shared/src/tables');
  const { DynamoDbLedgerStore } =
    await import('../../services/transactions/src/adapters/dynamodb-ledger-store');
  const { ledgerMetrics } = await import('../../services/transactions/src/wiring-metrics');
  const { expireHolds } = await import('../../services/transactions/src/use-cases/holds');
  const { deliverTransfer } = await import('../../services/transactions/src/use-cases/cross-region');
  const { reconcileIncrementally } = await import('../../services/transactions/src/use-cases/reconcile');
  const table = tableName('transactions', options.stage);
  const stores = REGIONS.map((region) => new DynamoDbLedgerStore(table, region));

  /** The job in flight, if any: a tick that finds one running is skipped, never queued. */
  let current: Promise<void> | undefined;
  let stopping = false;
  const settle = async () => {
    for (const store of stores) {
      const result = await expireHolds(store, store.localRegion, async (transfer) => {
        await deliverTransfer(store, transfer.transferId, transfer.homeRegion);
      });
      if (result.expired + result.redelivered + result.failed > 0) {
        options.onLine(`settle ${store.localRegion}: ${JSON.stringify(result)}`);
      }
    }
  };
  const reconcileAll = async () => {
    for (const store of stores) {
      const report = await reconcileIncrementally(store, ledgerMetrics, store.localRegion, new Date());
      options.onLine(
        `reconcile ${store.localRegion}: ${report.transfers} transfers, imbalance ${report.imbalance}, ` +
          `${report.violations.length} violations, ${report.stuckPending.length} stuck`,
      );
    }
  };
  // One job at a time, and none queued behind it: a slow run makes the next ticks skip, so stopping
  // waits for at most the one job in flight (queued ticks once made Ctrl-C wait for all of them).
  const tick = (job: () => Promise<void>) => () => {
    if (current || stopping) return;
    current = job()
      .catch((error: unknown) => options.onLine(`job failed: ${(error as Error).message}`))
      .finally(() => {
        current = undefined;
      });
  };
  const timers = [
    setInterval(tick(settle), options.settleEveryMs ?? 5_000),
    setInterval(tick(reconcileAll), options.reconcileEveryMs ?? 60_000),
  ];
  return {
    async stop() {
      stopping = true;
      timers.forEach(clearInterval);
      // A job slowed down by a loaded machine must not hold Ctrl-C hostage: after the grace the
      // stack exits under it, as a Lambda timeout would end it (every job is idempotent).
      await Promise.race([current, delay(options.stopGraceMs ?? 5_000)]);
    },
  };
}
