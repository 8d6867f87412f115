/**
 * The ledger's side of the data-subject jobs (export, erasure) for the profiles service: the
 * person's accounts, entries and transfers, what they still hold, and closing the empty accounts.
 * Built on the service's own store, so the ledger's items have one implementation.
 *
 * @example
 * import { ledgerPrivacy } from '@ledgerline/transactions/privacy';
 * const ledger = ledgerPrivacy();
 * if ((await ledger.holdingsOf(sub)).length === 0) await ledger.closeAccountsOf(sub);
 */
import { runtimeConfig } from '@ledgerline/shared/config';
import { tableName } from '@ledgerline/shared/tables';
import { DynamoDbLedgerStore } from './adapters/dynamodb-ledger-store';
import type { Entry } from './domain/transfers';
import type { LedgerAccountView, TransferView } from './use-cases/privacy';
import { ledgerPrivacyOver } from './use-cases/privacy';

export type { Entry } from './domain/transfers';
export type { LedgerAccountView, TransferView } from './use-cases/privacy';

export interface LedgerPrivacy {
  /** The person's customer accounts, any status (owner index). */
  accountsOf(sub: string): Promise<LedgerAccountView[]>;
  /** An account's entries, oldest first, page by page (bounded memory). */
  entriesOf(accountId: string): AsyncIterable<Entry>;
  /** Transfers the person is a side of, each once, oldest first; `audit` only where the person is the debit owner. */
  transfersOf(sub: string): AsyncIterable<TransferView>;
  /** Accounts still holding money: posted ≠ 0 or anything pending. Empty ⇒ erasure may proceed. */
  holdingsOf(
    sub: string,
  ): Promise<Array<{ accountId: string; currency: string; posted: number; pending: number }>>;
  /** Closes every open zero-balance account of the person (idempotent); returns the ids closed now. */
  closeAccountsOf(sub: string): Promise<string[]>;
}

/** The ledger of `stage` (default: this function's) read in `region` (default: this function's). */
export function ledgerPrivacy(options: { region?: string; stage?: string } = {}): LedgerPrivacy {
  const config = runtimeConfig();
  const store = new DynamoDbLedgerStore(
    tableName('transactions', options.stage ?? config.stage),
    options.region ?? config.region,
  );
  return ledgerPrivacyOver(store);
}
