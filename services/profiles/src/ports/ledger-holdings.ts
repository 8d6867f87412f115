/**
 * What erasure needs from the ledger: the subset of `LedgerPrivacy` of `@ledgerline/transactions/privacy`
 * (the transactions service's module; same names and shapes), so the erasure use cases stay
 * testable without the transactions table and the wiring picks the implementation.
 */
export interface LedgerHoldings {
  /** Accounts still holding money: posted ≠ 0 or anything pending. Empty ⇒ erasure may proceed. */
  holdingsOf(
    sub: string,
  ): Promise<Array<{ accountId: string; currency: string; posted: number; pending: number }>>;
  /** Closes every open zero-balance account of the person (idempotent); returns the ids closed now. */
  closeAccountsOf(sub: string): Promise<string[]>;
}
