/**
 * The one place that builds this service's adapters from the environment, once per cold start;
 * handlers take their dependencies from here and hand them to the use cases as ports. One exception:
 * the ledger metrics are in wiring-metrics.ts, because @aws-lambda-powertools/metrics does not declare
 * itself free of side effects: any static import of it puts it into every function of the service,
 * and only the transfer actions and the reconciliation emit metrics (docs/performance.md).
 *
 * @example
 * const store = ledgerStore();
 */
import { runtimeConfig } from '@ledgerline/shared/config';
import { personalDataCipher, retainPersonKeysUntil } from '@ledgerline/shared/privacy/person-keys';
import { tableName } from '@ledgerline/shared/tables';
import { DynamoDbLedgerStore } from './adapters/dynamodb-ledger-store';
import type { LedgerStore } from './ports/ledger-store';
import type { PersonKeyRetention } from './ports/person-key-retention';

export { cursorKey } from './adapters/cursor-key';

let openingStore: DynamoDbLedgerStore | undefined;
let sealedStore: DynamoDbLedgerStore | undefined;

const table = () => process.env.TABLE_NAME ?? tableName('transactions', runtimeConfig().stage);

/**
 * The ledger store of a route that takes or shows personal fields (descriptions, the audit, kept
 * answers): it seals them on write and opens them on read with the person's data key
 * (adapters/sealed-fields.ts). Its function needs the person-keys table and CMK (routes.ts).
 */
export function ledgerStore(): LedgerStore {
  openingStore ??= new DynamoDbLedgerStore(table(), runtimeConfig().region, personalDataCipher());
  return openingStore;
}

/**
 * The ledger store of a function that never shows nor creates a personal value (account routes,
 * the settle, delivery and reconciliation jobs): sealed fields pass through as stored.
 */
export function sealedLedgerStore(): LedgerStore {
  sealedStore ??= new DynamoDbLedgerStore(table(), runtimeConfig().region);
  return sealedStore;
}

/** The AML retention of a person's sealed fields: the TTL of their data keys (person-keys table). */
export const personKeyRetention: PersonKeyRetention = {
  async retainUntil(sub, until) {
    await retainPersonKeysUntil(sub, until);
  },
};
