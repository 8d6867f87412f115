import { ProblemError } from '@ledgerline/shared/errors';
import type { CustomerAccount, LedgerAccount } from '../domain/accounts';
import type { Entry, Transfer, TransferAudit } from '../domain/transfers';
import { transferView } from '../domain/transfers';
import type { LedgerStore } from '../ports/ledger-store';
import { closeOwnedAccount } from './accounts';
import type { LedgerDeps } from './create-transfer';
import { containerDeps } from './create-transfer';

/** Items per DynamoDB page by default: bounds what any of these readers holds at once. */
export const PRIVACY_PAGE_SIZE = 100;

/** A customer account as its owner's data-subject export shows it. */
export interface LedgerAccountView {
  accountId: string;
  currency: string;
  status: 'open' | 'closed';
  posted: number;
  debitsPending: number;
  creditsPending: number;
  overdraftLimit: number;
  homeRegion: string;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
}

/** A transfer as one of its sides sees it; `audit` (who, from which IP and client) only on the debit side. */
export type TransferView = ReturnType<typeof transferView> & { audit?: TransferAudit };

const viewOf = (account: CustomerAccount): LedgerAccountView => ({
  accountId: account.accountId,
  currency: account.currency,
  status: account.status,
  posted: account.posted,
  debitsPending: account.debitsPending,
  creditsPending: account.creditsPending,
  overdraftLimit: account.overdraftLimit,
  homeRegion: account.homeRegion,
  createdAt: account.createdAt,
  updatedAt: account.updatedAt,
  ...(account.closedAt !== undefined && { closedAt: account.closedAt }),
});

const isCustomer = (account: LedgerAccount): account is CustomerAccount => account.kind === 'customer';
const holds = (account: LedgerAccount) =>
  account.posted !== 0 || account.debitsPending !== 0 || account.creditsPending !== 0;

/** Every customer account of `sub` in this region's replica (all pages of the owner index). */
async function allAccountsOf(store: LedgerStore, sub: string, pageSize: number): Promise<CustomerAccount[]> {
  const found: CustomerAccount[] = [];
  let after: string | undefined;
  do {
    const page = await store.accountsOwnedBy(sub, store.localRegion, {
      limit: pageSize,
      ...(after !== undefined && { after }),
    });
    // The index holds only customer accounts; the owner check guards against a reused key.
    found.push(...page.items.filter(isCustomer).filter((account) => account.ownerSub === sub));
    after = page.next;
  } while (after !== undefined);
  return found;
}

async function* entriesOf(store: LedgerStore, accountId: string, pageSize: number): AsyncGenerator<Entry> {
  let after: string | undefined;
  do {
    const page = await store.listEntries(accountId, {
      limit: pageSize,
      oldestFirst: true,
      ...(after !== undefined && { after }),
    });
    yield* page.items;
    after = page.next;
  } while (after !== undefined);
}

/** Merges per-account entry streams (each oldest first) into one, oldest first. */
async function* mergeByTime(streams: Array<AsyncIterator<Entry>>): AsyncGenerator<Entry> {
  const heads = await Promise.all(streams.map((stream) => stream.next()));
  for (;;) {
    let pick = -1;
    heads.forEach((head, index) => {
      if (head.done) return;
      const best = pick >= 0 ? heads[pick] : undefined;
      if (!best || best.done || head.value.at < best.value.at) pick = index;
    });
    if (pick < 0) return;
    const head = heads[pick] as IteratorYieldResult<Entry>;
    yield head.value;
    heads[pick] = await streams[pick]!.next();
  }
}

/**
 * What the data-subject jobs (export, erasure) need from the ledger, over the service's store:
 * one implementation of the ledger's reads and of closing an account.
 *
 * @example
 * const ledger = ledgerPrivacyOver(store);
 * for await (const transfer of ledger.transfersOf(sub)) write(transfer);
 */
export function ledgerPrivacyOver(
  store: LedgerStore,
  options: { pageSize?: number; deps?: LedgerDeps } = {},
) {
  const pageSize = options.pageSize ?? PRIVACY_PAGE_SIZE;
  const deps = options.deps ?? containerDeps;
  const accountsOfSub = (sub: string) => allAccountsOf(store, sub, pageSize);
  const entriesOfAccount = (accountId: string) => entriesOf(store, accountId, pageSize);
  return {
    async accountsOf(sub: string): Promise<LedgerAccountView[]> {
      return (await accountsOfSub(sub)).map(viewOf);
    },

    entriesOf(accountId: string): AsyncIterable<Entry> {
      return entriesOfAccount(accountId);
    },

    /**
     * From the entries of the person's accounts (merged, oldest first): a transfer that moved
     * money on one of them. Each transfer once (two accounts of the person on both sides of one
     * transfer write two entries). A hold never posted wrote no entry and is not listed here; its
     * reservation shows in `accountsOf` and `holdingsOf`.
     */
    async *transfersOf(sub: string): AsyncIterable<TransferView> {
      const accounts = await accountsOfSub(sub);
      const seen = new Set<string>();
      const merged = mergeByTime(
        accounts.map((account) => entriesOfAccount(account.accountId)[Symbol.asyncIterator]()),
      );
      for await (const entry of merged) {
        if (seen.has(entry.transferId)) continue;
        seen.add(entry.transferId);
        const transfer = await store.getTransfer(entry.transferId);
        if (!transfer) continue;
        const view = sideView(transfer, sub);
        if (view) yield view;
      }
    },

    async holdingsOf(sub: string) {
      return (await accountsOfSub(sub)).filter(holds).map((account) => ({
        accountId: account.accountId,
        currency: account.currency,
        posted: account.posted,
        pending: account.debitsPending + account.creditsPending,
      }));
    },

    /**
     * Closes each open account holding nothing; one that holds money (or got some since it was
     * read: the close's 422) stays open and shows in `holdingsOf`. Returns the ids closed by this call.
     */
    async closeAccountsOf(sub: string): Promise<string[]> {
      const closed: string[] = [];
      for (const account of await accountsOfSub(sub)) {
        if (account.status !== 'open' || holds(account)) continue;
        try {
          const { closedNow } = await closeOwnedAccount(store, sub, account.accountId, deps);
          if (closedNow) closed.push(account.accountId);
        } catch (error) {
          if (error instanceof ProblemError && error.slug === 'unprocessable-request') continue;
          throw error;
        }
      }
      return closed;
    },
  };
}

/** The transfer as `sub`'s side sees it, plus the audit where `sub` is the debit owner. */
function sideView(transfer: Transfer, sub: string): TransferView | undefined {
  if (transfer.debitOwner === sub) return { ...transferView(transfer, 'debit-side'), audit: transfer.audit };
  if (transfer.creditOwner === sub) return transferView(transfer, 'credit-side');
  return undefined;
}
