import type { LedgerAccount } from './accounts';
import type { Delivery, Entry, Transfer } from './transfers';

/** What the reconciliation reads: account states, their entries, transfers and deliveries. */
export interface LedgerSnapshot {
  accounts: LedgerAccount[];
  entries: Entry[];
  transfers: Transfer[];
  deliveries: Delivery[];
}

export interface ReconciliationReport {
  /** Per currency: Σ posted over every account, and Σ pending debits − Σ pending credits (both 0). */
  sums: Record<string, { posted: number; pending: number }>;
  /** Σ over currencies of |Σ posted| + |Σ pending|: the alarm's metric, 0 when the books balance. */
  imbalance: number;
  /** One line per broken invariant (account or transfer named), empty when everything holds. */
  violations: string[];
  /** Holds past their timeout by more than the grace, and cross-region transfers not completed in time. */
  stuckPending: string[];
}

/** How late a hold's expiry or a cross-region completion may be before it counts as stuck. */
export const STUCK_AFTER_MS = 15 * 60 * 1000;

/**
 * Checks the ledger's invariants on a snapshot (docs/transactions.md, "Invariants"):
 * 1. per currency, Σ posted = 0 and Σ debitsPending = Σ creditsPending;
 * 2. every account's entries are numbered 1…entryCount, each `balanceAfter` is the previous plus its
 *    amount (from 0), and the last equals the account's posted balance;
 * 3. no customer account below its limit (posted − pending debits ≥ −overdraft), no negative pending;
 * 4. every account's pending debits (credits) = Σ of the pending transfers reserving out of (into) it;
 * 5. every posted transfer has its entries: two that cancel (four for a cross-region one, two per
 *    region), voided and expired holds none;
 * 6. nothing pending past its timeout (+ STUCK_AFTER_MS), no cross-region transfer older than that.
 * Pure: the reconciliation job and the property-based tests run the same code.
 *
 * @example
 * const { imbalance, violations } = reconcile(snapshot, new Date());
 */
export function reconcile(snapshot: LedgerSnapshot, now: Date): ReconciliationReport {
  const violations: string[] = [];
  const sums: ReconciliationReport['sums'] = {};
  const entriesByAccount = new Map<string, Entry[]>();
  const entriesByTransfer = new Map<string, Entry[]>();
  for (const entry of snapshot.entries) {
    entriesByAccount.set(entry.accountId, [...(entriesByAccount.get(entry.accountId) ?? []), entry]);
    entriesByTransfer.set(entry.transferId, [...(entriesByTransfer.get(entry.transferId) ?? []), entry]);
  }
  const reservedOut = new Map<string, number>();
  const reservedIn = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, value: number) =>
    map.set(key, (map.get(key) ?? 0) + value);
  for (const transfer of snapshot.transfers) {
    if (transfer.status !== 'pending') continue;
    add(reservedOut, transfer.debitAccountId, transfer.amount.value);
    add(reservedIn, transfer.route?.sourceTransit ?? transfer.creditAccountId, transfer.amount.value);
  }

  for (const account of snapshot.accounts) {
    const sum = (sums[account.currency] ??= { posted: 0, pending: 0 });
    sum.posted += account.posted;
    sum.pending += account.debitsPending - account.creditsPending;
    const entries = (entriesByAccount.get(account.accountId) ?? []).sort((a, b) => a.sequence - b.sequence);
    let running = 0;
    entries.forEach((entry, index) => {
      running += entry.amount;
      if (entry.sequence !== index + 1 || entry.balanceAfter !== running) {
        violations.push(`${account.accountId}: entry ${entry.sequence} breaks the chain`);
      }
    });
    if (entries.length !== account.entryCount || running !== account.posted) {
      violations.push(
        `${account.accountId}: posted ${account.posted} with ${account.entryCount} entries, entries sum to ${running} in ${entries.length}`,
      );
    }
    if (account.debitsPending < 0 || account.creditsPending < 0) {
      violations.push(`${account.accountId}: negative pending amount`);
    }
    if (account.kind === 'customer' && account.posted - account.debitsPending < -account.overdraftLimit) {
      violations.push(`${account.accountId}: available balance below its limit`);
    }
    if ((reservedOut.get(account.accountId) ?? 0) !== account.debitsPending) {
      violations.push(
        `${account.accountId}: pending debits ${account.debitsPending} ≠ pending transfers out`,
      );
    }
    if ((reservedIn.get(account.accountId) ?? 0) !== account.creditsPending) {
      violations.push(
        `${account.accountId}: pending credits ${account.creditsPending} ≠ pending transfers in`,
      );
    }
  }

  const stuckPending: string[] = [];
  const deliveries = new Map(snapshot.deliveries.map((delivery) => [delivery.transferId, delivery]));
  for (const transfer of snapshot.transfers) {
    const entries = entriesByTransfer.get(transfer.transferId) ?? [];
    const net = entries.reduce((total, entry) => total + entry.amount, 0);
    const delivered = deliveries.get(transfer.transferId)?.outcome === 'delivered';
    const expected =
      transfer.status === 'posted' ? (transfer.route ? 4 : 2) : transfer.route && delivered ? 2 : 0;
    if (entries.length !== expected || net !== 0) {
      violations.push(
        `${transfer.transferId} (${transfer.status}): ${entries.length} entries summing to ${net}`,
      );
    }
    if (
      transfer.status === 'posted' &&
      entries.some((entry) => Math.abs(entry.amount) !== transfer.postedAmount)
    ) {
      violations.push(`${transfer.transferId}: an entry differs from the posted amount`);
    }
    if (transfer.status !== 'pending') continue;
    const due = transfer.timeoutAt ?? transfer.createdAt;
    if (now.getTime() - Date.parse(due) > STUCK_AFTER_MS) stuckPending.push(transfer.transferId);
  }

  const imbalance = Object.values(sums).reduce(
    (total, sum) => total + Math.abs(sum.posted) + Math.abs(sum.pending),
    0,
  );
  for (const [currency, sum] of Object.entries(sums)) {
    if (sum.posted !== 0 || sum.pending !== 0) {
      violations.push(`${currency}: Σ posted ${sum.posted}, Σ pending debits − credits ${sum.pending}`);
    }
  }
  return { sums, imbalance, violations, stuckPending };
}
