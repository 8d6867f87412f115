import type { Money } from '../domain/money';

/** Business metrics of the ledger (docs/transactions.md, "Metrics"); published as EMF by adapters/. */
export interface LedgerMetrics {
  /** A request that moved (or reserved, or released) money: its kind and how it ended. */
  transfer(kind: string, outcome: 'posted' | 'pending' | 'voided' | 'rejected', amount?: Money): void;
  /** A retry answered from the stored first response. */
  replay(): void;
  /** A refusal (4xx) by problem type, e.g. `insufficient-funds`. */
  rejection(reason: string): void;
  /** Reconciliation figures of one run (the alarms' inputs). */
  reconciliation(figures: { imbalance: number; violations: number; stuckPending: number }): void;
}
