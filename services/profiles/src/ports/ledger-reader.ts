/**
 * What the export reads of the ledger: the part of `@ledgerline/transactions/privacy`'s
 * LedgerPrivacy it needs, with the shapes it relies on. Its adapter is that module itself
 * (src/wiring.ts, ledgerReader()); the port keeps the use case testable with a generated ledger.
 */
export interface LedgerEntryView {
  accountId: string;
  sequence: number;
  transferId: string;
  kind: string;
  amount: number;
  currency: string;
  balanceAfter: number;
  counterparty: string;
  description?: string;
  at: string;
}

export interface LedgerReader {
  /** The person's customer accounts, any status. */
  accountsOf(sub: string): Promise<Array<{ accountId: string }>>;
  /** An account's entries, oldest first, page by page (bounded memory). */
  entriesOf(accountId: string): AsyncIterable<LedgerEntryView>;
  /** Transfers the person is a side of, each once, oldest first. */
  transfersOf(sub: string): AsyncIterable<object>;
}
