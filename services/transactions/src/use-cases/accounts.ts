import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import { accountView, available, isAccountId, newAccountId, openCustomerAccount } from '../domain/accounts';
import type { CurrencyCode } from '../domain/money';
import { writeRegionFor } from '../domain/regions';
import { isBackOffice, mayReadAccount, requireAdmin } from '../domain/rules';
import type { LedgerStore } from '../ports/ledger-store';
import type { PersonKeyRetention } from '../ports/person-key-retention';
import type { LedgerDeps } from './create-transfer';
import { containerDeps } from './create-transfer';
import { commitLoop } from './commit-loop';

const notFound = () => new ProblemError('not-found', { detail: 'No account with this id.' });

/** How long a closed relationship's personal ledger fields are kept (AML: 5 years). */
export const LEDGER_RETENTION_YEARS = 5;

/** When keys of a person whose last account closed at `closedAt` expire. */
export const retentionEnd = (closedAt: string): Date => {
  const end = new Date(closedAt);
  end.setUTCFullYear(end.getUTCFullYear() + LEDGER_RETENTION_YEARS);
  return end;
};

/**
 * Opens an empty customer account for the calling user, homed in this region. Users only: a
 * service token cannot own an account.
 *
 * @example
 * const account = await createAccount(store, principal, { currency: 'USD' }, 'us-east-1');
 */
export async function createAccount(
  store: LedgerStore,
  principal: Principal,
  input: { currency: CurrencyCode },
  region: string,
  now = new Date().toISOString(),
  retention?: PersonKeyRetention,
) {
  if (principal.tokenType !== 'access') {
    throw new ProblemError('forbidden', {
      detail: 'Accounts are opened by their owner (a user access token).',
    });
  }
  const account = openCustomerAccount({
    accountId: newAccountId(),
    ownerSub: principal.sub,
    currency: input.currency,
    homeRegion: region,
    now,
  });
  await store.createAccount(account);
  // A relationship again: the person's sealed fields are kept (a retention set by an earlier last
  // close is lifted). After the account exists, so a failure here leaves it to the next close.
  await retention?.retainUntil(principal.sub, null);
  return accountView(account);
}

/**
 * One account with its posted, pending and available balances, if the caller may read it (404
 * otherwise, the same answer for missing and not yours).
 *
 * @example
 * const account = await getAccount(store, principal, 'acc_…');
 */
export async function getAccount(store: LedgerStore, principal: Principal, accountId: string) {
  if (principal.tokenType === 'service' && !isBackOffice(principal)) {
    throw new ProblemError('forbidden', { detail: 'The token lacks the scope transactions:read.' });
  }
  if (!isAccountId(accountId)) throw notFound();
  const account = await store.getAccount(accountId);
  if (!account || !mayReadAccount(principal, account)) throw notFound();
  return accountView(account);
}

/**
 * Closes the caller's account: only with a zero balance and nothing pending (422 otherwise). A
 * closed account takes no transfer in or out; its entries stay.
 *
 * @example
 * await closeAccount(store, principal, 'acc_…');
 */
export async function closeAccount(
  store: LedgerStore,
  principal: Principal,
  accountId: string,
  deps: LedgerDeps = containerDeps,
  retention?: PersonKeyRetention,
) {
  if (principal.tokenType !== 'access') {
    throw new ProblemError('forbidden', {
      detail: 'Accounts are closed by their owner (a user access token).',
    });
  }
  if (!isAccountId(accountId)) throw notFound();
  const { account, closedNow } = await closeOwnedAccount(store, principal.sub, accountId, deps);
  if (closedNow && retention && !(await holdsOtherOpenAccount(store, principal.sub, accountId))) {
    // The last account closed: the relationship has ended, and its AML retention starts now.
    await retention.retainUntil(principal.sub, retentionEnd(deps.clock().toISOString()));
  }
  return account;
}

/**
 * Whether `owner` has an open account besides `closed` (owner index in this region, every page;
 * the one just closed is skipped by id, since this replica may not show its close yet).
 */
async function holdsOtherOpenAccount(store: LedgerStore, owner: string, closed: string): Promise<boolean> {
  let after: string | undefined;
  do {
    const page = await store.accountsOwnedBy(owner, store.localRegion, {
      limit: 100,
      ...(after && { after }),
    });
    if (page.items.some((account) => account.status === 'open' && account.accountId !== closed)) return true;
    after = page.next;
  } while (after);
  return false;
}

/**
 * Closes `owner`'s account if it holds nothing (422 otherwise, 404 when not theirs); `closedNow`
 * is false when it was closed already. Shared by the route and the privacy module's erasure step.
 *
 * @example
 * const { closedNow } = await closeOwnedAccount(store, sub, 'acc_…');
 */
export async function closeOwnedAccount(
  store: LedgerStore,
  owner: string,
  accountId: string,
  deps: LedgerDeps = containerDeps,
) {
  const local = await store.getAccount(accountId);
  if (!local || local.kind !== 'customer' || local.ownerSub !== owner) throw notFound();
  const region = writeRegionFor(local.homeRegion);
  return commitLoop<{ account: ReturnType<typeof accountView>; closedNow: boolean }>(
    store,
    deps.cache,
    region,
    async (states) => {
      const account = await states.get(accountId);
      if (!account) throw notFound();
      if (account.status === 'closed') return { done: { account: accountView(account), closedNow: false } };
      if (account.posted !== 0 || account.debitsPending !== 0 || account.creditsPending !== 0) {
        throw new ProblemError('unprocessable-request', {
          detail: 'Only an account with a zero balance and nothing pending can be closed.',
        });
      }
      const at = deps.clock().toISOString();
      const after = {
        ...account,
        status: 'closed' as const,
        closedAt: at,
        version: account.version + 1,
        updatedAt: at,
      };
      return {
        commit: { accounts: [{ before: account, after, isNew: false }], entries: [], transfers: [] },
        result: { account: accountView(after), closedNow: true },
      };
    },
    async () => undefined,
  );
}

/**
 * PUT /accounts/{id}/overdraft-limit (back office, `ledger:admin`): how far a customer account may
 * go below zero. A limit the account already exceeds (available below −limit) is 422: the ledger's
 * invariant "no customer below its limit" must hold after every write, this one included.
 *
 * @example
 * await setOverdraftLimit(store, admin, 'acc_…', { value: 50_000, currency: 'USD' });
 */
export async function setOverdraftLimit(
  store: LedgerStore,
  principal: Principal,
  accountId: string,
  limit: { value: number; currency: string },
  deps: LedgerDeps = containerDeps,
) {
  requireAdmin(principal, 'Setting an overdraft limit');
  if (!isAccountId(accountId)) throw notFound();
  const local = await store.getAccount(accountId);
  if (!local) throw notFound();
  if (local.kind !== 'customer') {
    throw new ProblemError('unprocessable-request', { detail: 'System accounts have no limit.' });
  }
  if (local.currency !== limit.currency) {
    throw new ProblemError('currency-mismatch', {
      detail: `The account holds ${local.currency}; the limit is in ${limit.currency}.`,
    });
  }
  return commitLoop(
    store,
    deps.cache,
    writeRegionFor(local.homeRegion),
    async (states) => {
      const account = await states.get(accountId);
      if (!account || account.kind !== 'customer') throw notFound();
      if (account.overdraftLimit === limit.value) return { done: accountView(account) };
      if (available(account) < -limit.value) {
        throw new ProblemError('unprocessable-request', {
          detail: 'The account already uses more than this limit; lower it once the balance allows.',
        });
      }
      const at = deps.clock().toISOString();
      const after = { ...account, overdraftLimit: limit.value, version: account.version + 1, updatedAt: at };
      return {
        commit: { accounts: [{ before: account, after, isNew: false }], entries: [], transfers: [] },
        result: accountView(after),
      };
    },
    async () => undefined,
  );
}
