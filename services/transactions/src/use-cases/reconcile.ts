import type { LedgerAccount } from '../domain/accounts';
import type { ReconciliationReport } from '../domain/reconciliation';
import { reconcile, STUCK_AFTER_MS } from '../domain/reconciliation';
import type { Entry } from '../domain/transfers';
import type { LedgerMetrics } from '../ports/ledger-metrics';
import type { LedgerStore } from '../ports/ledger-store';

/** A run verifies up to this long ago, so that transfers committing right now are not half-seen. */
export const SETTLE_MARGIN_MS = 60_000;
/** The first run (no checkpoint) looks back this far. */
export const FIRST_WINDOW_MS = 60 * 60_000;

export interface IncrementalReport {
  window: { from: string; to: string };
  transfers: number;
  accounts: number;
  /** Σ over the window's transfers of |Σ of each transfer's entries|: money created or destroyed. */
  imbalance: number;
  violations: string[];
  stuckPending: string[];
}

/**
 * The scheduled reconciliation of one region (every 5 minutes), incremental: it reads only what
 * changed since its checkpoint (docs/transactions.md, "Reconciliation"), never the whole history.
 *
 * 1. the transfers homed here that changed in the window [checkpoint, now − 1 min) (gsi2);
 * 2. their entries by key (each posted transfer: two that cancel, four for a cross-region one —
 *    the destination's two are read in the destination region from the delivery record);
 * 3. every account they touched: its state, then its entries from the window's start (plus the one
 *    before): numbered without gaps, each balance after = the previous + the amount, the last =
 *    the account's posted balance, nothing below a customer's limit;
 * 4. pending transfers due more than 15 minutes ago (gsi1): stuck.
 * If every transfer ever balanced its entries and every account equals its entries, then Σ of all
 * balances = Σ of all entries = 0: the induction the checkpoint stands on. The full check
 * (`npm run reconcile -- --full`, scanLedger + the pure `reconcile`) verifies the sums directly.
 * Publishes LedgerImbalance, InvariantViolations, StuckPendingTransfers and ReconciliationRuns;
 * the checkpoint moves only when the window had no violation, so a problem keeps alarming.
 *
 * @example
 * const report = await reconcileIncrementally(store, metrics, 'us-east-1', new Date());
 */
export async function reconcileIncrementally(
  store: LedgerStore,
  metrics: LedgerMetrics,
  region: string,
  now: Date,
): Promise<IncrementalReport> {
  const to = new Date(now.getTime() - SETTLE_MARGIN_MS).toISOString();
  const from = (await store.getCheckpoint(region)) ?? new Date(now.getTime() - FIRST_WINDOW_MS).toISOString();
  const violations: string[] = [];
  let imbalance = 0;

  const transfers = from < to ? await store.listChangedTransfers(region, from, to) : [];
  const touched = new Map<string, string>();
  for (const transfer of transfers) {
    touched.set(transfer.debitAccountId, transfer.homeRegion);
    touched.set(transfer.route?.sourceTransit ?? transfer.creditAccountId, transfer.homeRegion);
    const entries = await store.getEntries(transfer.entryRefs ?? [], region);
    if (transfer.route) {
      const delivery = await store.getDelivery(transfer.transferId, transfer.route.destinationRegion);
      entries.push(...(await store.getEntries(delivery?.entryRefs ?? [], transfer.route.destinationRegion)));
    }
    const net = entries.reduce((total, entry) => total + entry.amount, 0);
    imbalance += Math.abs(net);
    const expected = transfer.status === 'posted' ? (transfer.route ? 4 : 2) : 0;
    if (entries.length !== expected || net !== 0) {
      violations.push(
        `${transfer.transferId} (${transfer.status}): ${entries.length} entries summing to ${net}`,
      );
    }
  }

  for (const [accountId, home] of touched) {
    const account = await store.getAccount(accountId, home);
    if (!account) {
      violations.push(`${accountId}: missing`);
      continue;
    }
    violations.push(...accountViolations(account, await store.entriesSince(accountId, from, home)));
  }

  const stuckBefore = new Date(now.getTime() - STUCK_AFTER_MS).toISOString();
  const stuckPending = (await store.listDueTransfers(region, stuckBefore, 1000)).map((t) => t.transferId);

  metrics.reconciliation({ imbalance, violations: violations.length, stuckPending: stuckPending.length });
  if (violations.length === 0 && from < to) await store.saveCheckpoint(region, to);
  return {
    window: { from, to },
    transfers: transfers.length,
    accounts: touched.size,
    imbalance,
    violations,
    stuckPending,
  };
}

/**
 * One account against the tail of its statement: `entries` are the entries from the window's
 * start plus the one before (oldest first); only those up to the account's `entryCount` count
 * (an entry committed after the account was read belongs to the next run).
 */
export function accountViolations(account: LedgerAccount, entries: Entry[]): string[] {
  const violations: string[] = [];
  const upTo = entries
    .filter((entry) => entry.sequence <= account.entryCount)
    .sort((a, b) => a.sequence - b.sequence);
  let previous: Entry | undefined;
  for (const entry of upTo) {
    const base = previous ? previous.balanceAfter : entry.sequence === 1 ? 0 : undefined;
    const sequenceOk = previous ? entry.sequence === previous.sequence + 1 : true;
    if (!sequenceOk || (base !== undefined && entry.balanceAfter !== base + entry.amount)) {
      violations.push(`${account.accountId}: entry ${entry.sequence} breaks the chain`);
    }
    previous = entry;
  }
  const last = upTo.at(-1);
  if ((last?.balanceAfter ?? 0) !== account.posted) {
    violations.push(
      `${account.accountId}: posted ${account.posted}, statement ends at ${last?.balanceAfter ?? 0}`,
    );
  }
  if ((last?.sequence ?? 0) !== account.entryCount) {
    violations.push(
      `${account.accountId}: ${account.entryCount} entries counted, statement ends at ${last?.sequence ?? 0}`,
    );
  }
  if (account.kind === 'customer' && account.posted - account.debitsPending < -account.overdraftLimit) {
    violations.push(`${account.accountId}: available balance below its limit`);
  }
  return violations;
}

/**
 * The full check of the whole ledger (`npm run reconcile -- --full`): every invariant including the
 * per-currency sums, on a scan. A non-zero sum on a live table may be a transfer committed between
 * two pages: it is re-read once before it counts.
 *
 * @example
 * const report = await reconcileFully(() => scanLedger(table, region), metrics, new Date());
 */
export async function reconcileFully(
  snapshot: () => Promise<Parameters<typeof reconcile>[0]>,
  metrics: LedgerMetrics,
  now: Date,
): Promise<ReconciliationReport> {
  let report = reconcile(await snapshot(), now);
  if (report.violations.length > 0) report = reconcile(await snapshot(), now);
  metrics.reconciliation({
    imbalance: report.imbalance,
    violations: report.violations.length,
    stuckPending: report.stuckPending.length,
  });
  return report;
}
