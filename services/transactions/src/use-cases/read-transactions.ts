import { cursorCodec } from '@ledgerline/shared/cursor';
import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import { isAccountId, parseTransactionId } from '../domain/ids';
import { transactionView } from '../domain/ledger';
import type { CursorKeySource } from '../ports/cursor-keys';
import type { LedgerStore } from '../ports/ledger-store';
import { notFound, requireServiceScope, visibleTo } from './authorize';

/**
 * One transaction, if the caller may read its account (404 otherwise): one GetItem, as the id
 * carries the account and the sequence.
 *
 * @example
 * const transaction = await getTransaction(store, principal, 'txn_…_7');
 */
export async function getTransaction(store: LedgerStore, principal: Principal, id: string) {
  requireServiceScope(principal, 'read');
  const parsed = parseTransactionId(id);
  if (!parsed) throw notFound('transaction');
  const transaction = await store.getTransaction(parsed.accountId, parsed.sequence);
  return transactionView(visibleTo(principal, 'read', transaction, 'transaction'));
}

/** A cursor is bound to the listing it came from: this account, this caller. */
const bindingOf = (accountId: string, principal: Principal) =>
  `transactions\n${accountId}\n${principal.tokenType}:${principal.sub}`;

const invalidCursor = () =>
  new ProblemError('validation-failed', {
    detail: 'The cursor is not valid for this listing; start again without it.',
    errors: [{ pointer: '/query/cursor', detail: 'is not a cursor of this listing' }],
  });

/**
 * A page of an account's transactions, newest first, with an opaque signed cursor to the next page.
 *
 * @example
 * const { items, nextCursor } = await listTransactions(store, cursorKey, principal, 'acc_…', { limit: 50 });
 */
export async function listTransactions(
  store: LedgerStore,
  cursorKey: CursorKeySource,
  principal: Principal,
  accountId: string,
  page: { limit: number; cursor?: string },
) {
  requireServiceScope(principal, 'read');
  if (!isAccountId(accountId)) throw notFound('account');
  const codec = cursorCodec(await cursorKey());
  const binding = bindingOf(accountId, principal);
  let after: string | undefined;
  if (page.cursor !== undefined) {
    const position = codec.verify(page.cursor, binding) as { sk?: unknown } | undefined;
    if (typeof position?.sk !== 'string' || !/^TX#\d{12}$/.test(position.sk)) throw invalidCursor();
    after = position.sk;
  }
  visibleTo(principal, 'read', await store.getAccount(accountId), 'account');
  const result = await store.listTransactions(accountId, { limit: page.limit, ...(after && { after }) });
  return {
    items: result.items.map(transactionView),
    nextCursor: result.next === undefined ? null : codec.sign({ sk: result.next }, binding),
  };
}
