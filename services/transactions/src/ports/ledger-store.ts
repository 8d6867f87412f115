import type { LedgerAccount } from '../domain/accounts';
import type { Delivery, Entry, EntryRef, LedgerChange, Transfer } from '../domain/transfers';

/** Everything the ledger's use cases need from storage. Implemented by DynamoDbLedgerStore (adapters/). */
export interface LedgerStore {
  /** The region this function runs in: reads default to its replica. */
  readonly localRegion: string;
  /** Creates a customer account; it is new by construction (random id), so this never overwrites. */
  createAccount(account: LedgerAccount): Promise<void>;
  /** Strongly consistent read in `region` (default: this function's region). */
  getAccount(accountId: string, region?: string): Promise<LedgerAccount | undefined>;
  getTransfer(transferId: string, region?: string): Promise<Transfer | undefined>;
  getDelivery(transferId: string, region: string): Promise<Delivery | undefined>;
  /**
   * ONE TransactWriteItems in `region`: every account state conditioned on the version it was read
   * at (or on not existing yet), every entry and delivery on not existing, every transfer on its
   * version (or on not existing: the exactly-once check). All or nothing.
   */
  commit(change: LedgerChange, region: string): Promise<CommitResult>;
  /**
   * Statement lines, newest first (`oldestFirst`: the other way), optionally within [from, to];
   * `after` is a previous page's position. Reads this function's region.
   */
  listEntries(
    accountId: string,
    page: { limit: number; after?: string; from?: string; to?: string; oldestFirst?: boolean },
  ): Promise<{ items: Entry[]; next?: string }>;
  /**
   * Customer accounts of `owner` in `region`'s replica, newest first, with current balances (the
   * owner index, gsi3, then the account items); `after` is a previous page's position (a gsi3 sort key).
   */
  accountsOwnedBy(
    owner: string,
    region: string,
    page: { limit: number; after?: string },
  ): Promise<{ items: LedgerAccount[]; next?: string }>;
  /** Transfers homed in `region` whose last change falls in [from, to) (ISO times). */
  listChangedTransfers(region: string, from: string, to: string): Promise<Transfer[]>;
  /** Entries by key (missing ones are absent from the answer). */
  getEntries(refs: EntryRef[], region: string): Promise<Entry[]>;
  /** An account's entries from `from` on (all pages), plus the one before, oldest first. */
  entriesSince(accountId: string, from: string, region: string): Promise<Entry[]>;
  /** The reconciliation's checkpoint in `region`: the end of the last window it verified. */
  getCheckpoint(region: string): Promise<string | undefined>;
  saveCheckpoint(region: string, verifiedUntil: string): Promise<void>;
  /** Pending transfers homed in `region` due (hold timeout or delivery deadline) at or before `now`. */
  listDueTransfers(region: string, now: string, limit: number): Promise<Transfer[]>;
}

/**
 * Why a commit did not happen (nothing was written in any case):
 * - `transfer-exists`: a transfer with this id exists (read it: replay or 422);
 * - `transfer-changed`: a transfer changed since it was read (re-read it);
 * - `delivery-exists`: the destination leg was already written (read it);
 * - `stale-account`: an account changed since it was read (`accountIds`: re-read those);
 * - `conflict`: another transaction held one of the items (retry after a pause).
 */
export type CommitFailure =
  'transfer-exists' | 'transfer-changed' | 'delivery-exists' | 'stale-account' | 'conflict';
export type CommitResult =
  { committed: true } | { committed: false; reason: CommitFailure; accountIds: string[] };
