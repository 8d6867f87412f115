import type { IdempotencyRecord } from '../domain/idempotency';
import type { Account, Transaction } from '../domain/ledger';

/** Everything the transactions use cases need from storage. Implemented by DynamoDbLedgerStore (adapters/). */
export interface LedgerStore {
  /** The region this function runs in: reads default to its replica. */
  readonly localRegion: string;
  /** Creates an account; it is new by construction (random id), so this never overwrites. */
  createAccount(account: Account): Promise<void>;
  /** Strongly consistent read in `region` (default: this function's region). */
  getAccount(accountId: string, region?: string): Promise<Account | undefined>;
  getIdempotencyRecord(
    accountId: string,
    scope: string,
    region: string,
  ): Promise<IdempotencyRecord | undefined>;
  /**
   * ONE TransactWriteItems in `region`: the account update (conditioned on its version), the new
   * transaction (conditioned on not existing) and the idempotency record (conditioned on no live
   * record under the same scope). All or nothing.
   */
  commitTransaction(commit: TransactionCommit, region: string): Promise<CommitResult>;
  getTransaction(accountId: string, sequence: number): Promise<Transaction | undefined>;
  /** Newest first; `after` is the opaque position a previous page returned. */
  listTransactions(accountId: string, page: { limit: number; after?: string }): Promise<TransactionPage>;
}

export interface TransactionCommit {
  /** The account as read; its `version` is the condition. */
  expected: Account;
  /** The account after the transaction. */
  account: Account;
  transaction: Transaction;
  idempotency: IdempotencyRecord;
}

/**
 * Why a commit did not happen (nothing was written in any case):
 * - `idempotency-exists`: a live record with this scope exists (read it: replay or 422);
 * - `idempotency-in-progress`: another request with this scope is being committed right now;
 * - `stale-account`: the account changed since it was read (re-read and retry);
 * - `conflict`: another transaction on one of the items was in progress (retry after a pause).
 */
export type CommitFailure = 'idempotency-exists' | 'idempotency-in-progress' | 'stale-account' | 'conflict';
export type CommitResult = { committed: true } | { committed: false; reason: CommitFailure };

export interface TransactionPage {
  items: Transaction[];
  /** Position after the last item, when more may follow. */
  next?: string;
}
