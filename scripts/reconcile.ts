// `npm run reconcile -- --stage <stage> [--region us-east-1] [--full]`: the ledger reconciliation
// on demand. Incremental by default (what the scheduled function does, from its checkpoint); `--full`
// checks every invariant over the whole table, the per-currency sums included. Talks to DynamoDB
// Local when DYNAMODB_ENDPOINT is set (npm start prints it), else to AWS with your credentials.
// Exits 1 when anything is off, so it can gate a runbook step.
import { parseArgs } from 'node:util';
import { runMain } from './lib/main';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string', default: process.env.STAGE ?? 'dev' },
      region: { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' },
      full: { type: 'boolean', default: false },
    },
  });
  process.env.STAGE = values.stage;
  process.env.AWS_REGION = values.region;
  process.env.POWERTOOLS_METRICS_DISABLED ??= process.env.DYNAMODB_ENDPOINT ? 'true' : 'false';
  // Loaded after the environment is set: the service reads its configuration at module load.
  const { sealedLedgerStore } = await import('../services/transactions/src/wiring');
  const { ledgerMetrics } = await import('../services/transactions/src/wiring-metrics');
  const { reconcileFully, reconcileIncrementally } =
    await import('../services/transactions/src/use-cases/reconcile');
  const { scanLedger } = await import('../services/transactions/src/adapters/ledger-snapshot');
  const { tableName } = await import('../shared/src/tables');
  const table = tableName('transactions', values.stage!);
  const report = values.full
    ? await reconcileFully(() => scanLedger(table, values.region!), ledgerMetrics, new Date())
    : await reconcileIncrementally(sealedLedgerStore(), ledgerMetrics, values.region!, new Date());
  console.log(JSON.stringify({ table, mode: values.full ? 'full' : 'incremental', ...report }, null, 2));
  return report.violations.length === 0 && report.imbalance === 0 ? 0 : 1;
}

runMain(main);
