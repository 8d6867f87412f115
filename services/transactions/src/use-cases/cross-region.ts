import type { SystemAccount } from '../domain/accounts';
import { emptySystemShard, parseSystemAccountId } from '../domain/accounts';
import type { CurrencyCode } from '../domain/money';
import type { Delivery, Transfer } from '../domain/transfers';
import { post, refsOf, release } from '../domain/transfers';
import type { LedgerStore } from '../ports/ledger-store';
import type { AccountStates, Attempt } from './commit-loop';
import { commitLoop } from './commit-loop';
import type { LedgerDeps } from './create-transfer';
import { containerDeps } from './create-transfer';

async function transitState(states: AccountStates, accountId: string, at: string) {
  const known = await states.get(accountId);
  if (known) return { account: known, isNew: false };
  const parts = parseSystemAccountId(accountId);
  if (!parts) throw new Error(`not a transit shard: ${accountId}`);
  const empty: SystemAccount = emptySystemShard(
    'transit',
    parts.currency as CurrencyCode,
    parts.region,
    parts.shard,
    at,
  );
  return { account: empty, isNew: true };
}

/**
 * Leg 2 of a cross-region transfer, in the DESTINATION's write region: one TransactWriteItems that
 * moves the amount from that region's transit shard to the destination account and writes the
 * delivery record (`attribute_not_exists`: once per transfer id, whoever runs it and however
 * often). A destination that is missing there or closed gets a `refused` delivery and no money.
 */
export async function deliverLeg(
  store: LedgerStore,
  transfer: Transfer,
  deps: LedgerDeps,
): Promise<Delivery> {
  const route = transfer.route!;
  const region = route.destinationRegion;
  const existing = await store.getDelivery(transfer.transferId, region);
  if (existing) return existing;
  return commitLoop(
    store,
    deps.cache,
    region,
    async (states): Promise<Attempt<Delivery>> => {
      const at = deps.clock().toISOString();
      const destination = await states.get(transfer.creditAccountId);
      const refusedBecause = !destination
        ? 'unknown-account'
        : destination.status !== 'open'
          ? 'account-closed'
          : destination.currency !== transfer.amount.currency
            ? 'currency-mismatch'
            : undefined;
      if (refusedBecause || !destination) {
        const delivery: Delivery = {
          transferId: transfer.transferId,
          outcome: 'refused',
          reason: refusedBecause,
          region,
          at,
        };
        return {
          commit: { accounts: [], entries: [], transfers: [], deliveries: [delivery] },
          result: delivery,
        };
      }
      const transit = await transitState(states, route.destinationTransit, at);
      const moved = post(transit.account, destination, transfer.amount.value, transfer, at, {
        ofDebitEntry: transfer.to,
        ofCreditEntry: transfer.from,
      });
      const delivery: Delivery = {
        transferId: transfer.transferId,
        outcome: 'delivered',
        region,
        at,
        entryRefs: refsOf(moved.entries),
      };
      return {
        commit: {
          accounts: [
            { before: transit.account, after: moved.debit, isNew: transit.isNew },
            { before: destination, after: moved.credit, isNew: false },
          ],
          entries: moved.entries,
          transfers: [],
          deliveries: [delivery],
        },
        result: delivery,
      };
    },
    async (reason) =>
      reason === 'delivery-exists' ? store.getDelivery(transfer.transferId, region) : undefined,
  );
}

/**
 * Completes a cross-region transfer (docs/transactions.md, "Cross-region transfers"): leg 2 in the
 * destination region (deliverLeg), then leg 3 in the source region: the reservation into the
 * source's transit shard is posted (delivered) or released (refused) and the transfer becomes
 * `posted` or `voided`, conditioned on its version. Every step is idempotent by transfer id, so the
 * stream consumer, its retries and the sweeper may all run it, in any interleaving.
 *
 * @example
 * await deliverTransfer(store, 'tr_…', 'us-east-1');
 */
export async function deliverTransfer(
  store: LedgerStore,
  transferId: string,
  sourceRegion: string,
  deps: LedgerDeps = containerDeps,
): Promise<Transfer['status'] | 'missing'> {
  let transfer = await store.getTransfer(transferId, sourceRegion);
  if (!transfer) return 'missing';
  if (transfer.status !== 'pending' || !transfer.route) return transfer.status;
  const delivery = await deliverLeg(store, transfer, deps);
  return commitLoop(
    store,
    deps.cache,
    sourceRegion,
    async (states): Promise<Attempt<Transfer['status']>> => {
      if (!transfer || transfer.status !== 'pending') return { done: transfer?.status ?? 'posted' };
      const at = deps.clock().toISOString();
      const source = await states.get(transfer.debitAccountId);
      const transit = await states.get(transfer.route!.sourceTransit);
      if (!source || !transit) throw new Error(`transfer ${transferId}: a source-side account is missing`);
      const released = release(source, transit, transfer.amount.value, at);
      const delivered = delivery.outcome === 'delivered';
      const moved = delivered
        ? post(released.debit, released.credit, transfer.amount.value, transfer, at, {
            ofDebitEntry: transfer.to,
            ofCreditEntry: transfer.from,
          })
        : { ...released, entries: [] as [] };
      const after: Transfer = {
        ...transfer,
        status: delivered ? 'posted' : 'voided',
        postedAmount: delivered ? transfer.amount.value : 0,
        updatedAt: at,
        version: transfer.version + 1,
        ...(moved.entries.length > 0 && { entryRefs: refsOf(moved.entries) }),
        resolution: {
          action: delivered ? 'deliver' : 'refund',
          at,
          ...(delivery.reason !== undefined && { reason: delivery.reason }),
        },
      };
      return {
        commit: {
          accounts: [
            { before: source, after: moved.debit, isNew: false },
            { before: transit, after: moved.credit, isNew: false },
          ],
          entries: moved.entries,
          transfers: [{ before: transfer, after }],
        },
        result: after.status,
      };
    },
    async (reason) => {
      if (reason !== 'transfer-changed') return undefined;
      transfer = await store.getTransfer(transferId, sourceRegion);
      return transfer && transfer.status !== 'pending' ? transfer.status : undefined;
    },
  );
}
