import type { Principal } from '@ledgerline/shared/principal';
import { isAccountId, newAccountId } from '../domain/ids';
import { accountView, openAccount } from '../domain/ledger';
import type { CurrencyCode } from '../domain/money';
import type { LedgerStore } from '../ports/ledger-store';
import { notFound, requireServiceScope, visibleTo } from './authorize';

/**
 * Opens an empty account for the calling user, homed in this region.
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
) {
  const account = openAccount({
    accountId: newAccountId(),
    ownerSub: principal.sub,
    currency: input.currency,
    homeRegion: region,
    now,
  });
  await store.createAccount(account);
  return accountView(account);
}

/**
 * One account, if the caller may read it (404 otherwise).
 *
 * @example
 * const account = await getAccount(store, principal, 'acc_…');
 */
export async function getAccount(store: LedgerStore, principal: Principal, accountId: string) {
  requireServiceScope(principal, 'read');
  if (!isAccountId(accountId)) throw notFound('account');
  return accountView(visibleTo(principal, 'read', await store.getAccount(accountId), 'account'));
}
