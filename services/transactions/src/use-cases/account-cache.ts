import type { LedgerAccount } from '../domain/accounts';

/**
 * The last account state this container knows in the account's WRITE region: from a strongly
 * consistent read there, or from its own committed change. Commits go straight to TransactWriteItems
 * conditioned on it (its version) and read the account only on a miss, after a cancelled condition,
 * or before refusing on a rule (docs/transactions.md, "One round trip"). A stale entry can never
 * cause a wrong write: the condition fails and the account is read. Bounded LRU (a Map keeps
 * insertion order), so a long-lived container cannot grow without limit.
 *
 * @example
 * const cache = new AccountCache();
 * cache.remember(account);
 * cache.get(account.accountId); // the same state until forgotten or evicted
 */
export class AccountCache {
  private readonly entries = new Map<string, LedgerAccount>();

  constructor(private readonly maxEntries = 10_000) {}

  get(accountId: string): LedgerAccount | undefined {
    const account = this.entries.get(accountId);
    if (account) {
      this.entries.delete(accountId);
      this.entries.set(accountId, account);
    }
    return account;
  }

  /** Keeps `account` unless a newer version is already known (concurrent requests in tests). */
  remember(account: LedgerAccount): void {
    const known = this.entries.get(account.accountId);
    if (known && known.version > account.version) return;
    this.entries.delete(account.accountId);
    this.entries.set(account.accountId, account);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(accountId: string): void {
    this.entries.delete(accountId);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The cache of this container (module scope: one per Lambda instance). */
export const containerAccountCache = new AccountCache();
