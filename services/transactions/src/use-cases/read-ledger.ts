import { cursorCodec } from '@ledgerline/shared/cursor';
import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import { accountView, isAccountId } from '../domain/accounts';
import { isBackOffice, mayReadAccount, transferAudience } from '../domain/rules';
import { isTransferId, transferView } from '../domain/transfers';
import { ENTRY_SK_PATTERN, OWNED_ACCOUNT_SK_PATTERN } from '../adapters/ledger-items';
import type { CursorKeySource } from '../ports/cursor-keys';
import type { LedgerStore } from '../ports/ledger-store';

const requireReader = (principal: Principal) => {
  if (principal.tokenType === 'service' && !isBackOffice(principal)) {
    throw new ProblemError('forbidden', { detail: 'The token lacks the scope transactions:read.' });
  }
};

/**
 * One transfer, as much of it as the caller may see: the debit side's owner all but the network
 * audit, the credit side's owner no audit fields at all, back office everything; 404 for anyone
 * else (the same answer as for a missing id).
 *
 * @example
 * const transfer = await getTransfer(store, principal, 'tr_…');
 */
export async function getTransfer(store: LedgerStore, principal: Principal, transferId: string) {
  requireReader(principal);
  const missing = () => new ProblemError('not-found', { detail: 'No transfer with this id.' });
  if (!isTransferId(transferId)) throw missing();
  const transfer = await store.getTransfer(transferId);
  const audience = transfer && transferAudience(principal, transfer);
  if (!transfer || !audience) throw missing();
  return transferView(transfer, audience);
}

/** A cursor is bound to the listing it came from: this account, this caller, this date range. */
const bindingOf = (accountId: string, principal: Principal, range: { from?: string; to?: string }) =>
  `entries\n${accountId}\n${principal.tokenType}:${principal.sub}\n${range.from ?? ''}\n${range.to ?? ''}`;

const invalidCursor = () =>
  new ProblemError('validation-failed', {
    detail: 'The cursor is not valid for this listing; start again without it.',
    errors: [{ pointer: '/query/cursor', detail: 'is not a cursor of this listing' }],
  });

/**
 * A statement page: the account's entries newest first, optionally within [from, to] (ISO times),
 * each with the balance after it, and an opaque signed cursor to the next page.
 *
 * @example
 * const { items, nextCursor } = await listEntries(store, cursorKey, principal, 'acc_…', { limit: 50 });
 */
export async function listEntries(
  store: LedgerStore,
  cursorKey: CursorKeySource,
  principal: Principal,
  accountId: string,
  page: { limit: number; cursor?: string; from?: string; to?: string },
) {
  requireReader(principal);
  const missing = () => new ProblemError('not-found', { detail: 'No account with this id.' });
  if (!isAccountId(accountId)) throw missing();
  const range = { ...(page.from && { from: page.from }), ...(page.to && { to: page.to }) };
  if (range.from && range.to && range.from > range.to) {
    throw new ProblemError('validation-failed', {
      detail: '`from` is after `to`.',
      errors: [{ pointer: '/query/from', detail: 'must not be after to' }],
    });
  }
  const codec = cursorCodec(await cursorKey());
  const binding = bindingOf(accountId, principal, range);
  let after: string | undefined;
  if (page.cursor !== undefined) {
    const position = codec.verify(page.cursor, binding) as { sk?: unknown } | undefined;
    if (typeof position?.sk !== 'string' || !ENTRY_SK_PATTERN.test(position.sk)) throw invalidCursor();
    after = position.sk;
  }
  const account = await store.getAccount(accountId);
  if (!account || !mayReadAccount(principal, account)) throw missing();
  const result = await store.listEntries(accountId, { limit: page.limit, ...(after && { after }), ...range });
  return {
    items: result.items.map((entry) => ({
      sequence: entry.sequence,
      transferId: entry.transferId,
      kind: entry.kind,
      amount: { value: entry.amount, currency: entry.currency },
      balanceAfter: { value: entry.balanceAfter, currency: entry.currency },
      counterparty: entry.counterparty,
      ...(entry.description !== undefined && { description: entry.description }),
      at: entry.at,
    })),
    nextCursor: result.next === undefined ? null : codec.sign({ sk: result.next }, binding),
  };
}

/**
 * A page of one person's customer accounts, newest first, each as `GET /accounts/{id}` shows it: a
 * user's own; back office (`transactions:read`, `ledger:admin`) anyone's with `owner`. A user naming
 * another owner is 403; a service token without `owner` is 400 (it owns no accounts).
 *
 * @example
 * const { items, nextCursor } = await listAccounts(store, cursorKey, principal, { limit: 25 });
 */
export async function listAccounts(
  store: LedgerStore,
  cursorKey: CursorKeySource,
  principal: Principal,
  page: { limit: number; cursor?: string; owner?: string },
) {
  requireReader(principal);
  let owner: string;
  if (principal.tokenType === 'service') {
    if (page.owner === undefined) {
      throw new ProblemError('validation-failed', {
        detail: 'A service token lists the accounts of the owner it names.',
        errors: [{ pointer: '/query/owner', detail: 'is required with a service token' }],
      });
    }
    owner = page.owner;
  } else {
    if (page.owner !== undefined && page.owner !== principal.sub) {
      throw new ProblemError('forbidden', { detail: 'A user lists only their own accounts.' });
    }
    owner = principal.sub;
  }
  const codec = cursorCodec(await cursorKey());
  const binding = `accounts\n${owner}\n${principal.tokenType}:${principal.sub}`;
  let after: string | undefined;
  if (page.cursor !== undefined) {
    const position = codec.verify(page.cursor, binding) as { sk?: unknown } | undefined;
    if (typeof position?.sk !== 'string' || !OWNED_ACCOUNT_SK_PATTERN.test(position.sk))
      throw invalidCursor();
    after = position.sk;
  }
  const result = await store.accountsOwnedBy(owner, store.localRegion, {
    limit: page.limit,
    ...(after !== undefined && { after }),
  });
  return {
    items: result.items.filter((account) => mayReadAccount(principal, account)).map(accountView),
    nextCursor: result.next === undefined ? null : codec.sign({ sk: result.next }, binding),
  };
}
