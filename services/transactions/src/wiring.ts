/**
 * The one place that builds this service's adapters from the environment, once per cold start;
 * handlers take their dependencies from here and hand them to the use cases as ports.
 *
 * @example
 * const store = ledgerStore();
 */
import { runtimeConfig } from '@ledgerline/shared/config';
import { tableName } from '@ledgerline/shared/tables';
import { DynamoDbLedgerStore } from './adapters/dynamodb-ledger-store';
import { EmfLedgerMetrics } from './adapters/emf-ledger-metrics';
import type { LedgerMetrics } from './ports/ledger-metrics';
import type { LedgerStore } from './ports/ledger-store';

export { cursorKey } from './adapters/cursor-key';

let defaultStore: DynamoDbLedgerStore | undefined;

/** The ledger store of this function: the service table, local region for reads. */
export function ledgerStore(): LedgerStore {
  const config = runtimeConfig();
  defaultStore ??= new DynamoDbLedgerStore(
    process.env.TABLE_NAME ?? tableName('transactions', config.stage),
    config.region,
  );
  return defaultStore;
}

/** Business and reconciliation metrics (EMF on stdout; CloudWatch extracts them). */
export const ledgerMetrics: LedgerMetrics = new EmfLedgerMetrics(runtimeConfig().stage);
