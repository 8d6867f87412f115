import { ProblemError } from '@ledgerline/shared/errors';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LedgerAccount } from '../domain/accounts';
import type { LedgerChange } from '../domain/transfers';
import type { CommitFailure, CommitResult, LedgerStore } from '../ports/ledger-store';
import type { AccountCache } from './account-cache';

/** Bounds of the optimistic-concurrency loop (well inside the 10 s function timeout). */
export const retryPolicy = { maxAttempts: 40, budgetMs: 5_000, baseDelayMs: 5, maxDelayMs: 100 };

/** Account states in one write region for one attempt: remembered (cache) or read strongly there. */
export interface AccountStates {
  /** The account's state in the write region, or undefined when it does not exist there. */
  get(accountId: string): Promise<LedgerAccount | undefined>;
}

/** What one attempt decided: a change to commit (and the answer if it commits), or an answer now. */
export type Attempt<R> = { commit: LedgerChange; result: R } | { done: R };

/**
 * The optimistic loop every ledger write runs (docs/transactions.md, "Exactly once"): build the
 * change from the known account states, commit it in ONE TransactWriteItems in `region`, and on a
 * cancelled condition re-read what moved and build again. `onFailure` decides the answer when the
 * failure is about a transfer or delivery record (replay, 422, done); undefined = build again.
 * A rule refusal computed on a remembered state is re-judged on fresh reads, never on a memory.
 * Ends in 409 with `Retry-After` after `retryPolicy` (nothing written: the client retries safely).
 *
 * @example
 * const answer = await commitLoop(store, cache, region, (states) => planTransfer(states), onFailure);
 */
export async function commitLoop<R>(
  store: LedgerStore,
  cache: AccountCache,
  region: string,
  build: (states: AccountStates) => Promise<Attempt<R>>,
  onFailure: (reason: CommitFailure) => Promise<R | undefined>,
  onContended: (accountIds: string[]) => void = () => undefined,
): Promise<R> {
  const started = Date.now();
  let strict = false;
  let lastFailure: CommitFailure = 'conflict';
  for (let attempt = 1; attempt <= retryPolicy.maxAttempts; attempt += 1) {
    let usedMemory = false;
    const states: AccountStates = {
      get: async (accountId) => {
        const remembered = strict ? undefined : cache.get(accountId);
        if (remembered) {
          usedMemory = true;
          return remembered;
        }
        const fresh = await store.getAccount(accountId, region);
        if (fresh) cache.remember(fresh);
        else cache.forget(accountId);
        return fresh;
      },
    };
    let planned: Attempt<R>;
    try {
      planned = await build(states);
    } catch (error) {
      if (usedMemory && error instanceof ProblemError) {
        strict = true;
        attempt -= 1;
        continue;
      }
      if (error instanceof ProblemError) {
        // A refusal may be the retry of a request that already succeeded (e.g. a debit that left
        // too little for itself): the stored answer wins over the rule.
        const stored = await onFailure('transfer-exists');
        if (stored !== undefined) return stored;
      }
      throw error;
    }
    if ('done' in planned) return planned.done;
    const result: CommitResult = await store.commit(planned.commit, region);
    if (result.committed) {
      for (const { after } of planned.commit.accounts) cache.remember(after);
      return planned.result;
    }
    lastFailure = result.reason;
    strict = false;
    for (const accountId of result.accountIds) cache.forget(accountId);
    onContended(result.accountIds);
    if (result.reason === 'conflict') {
      // Whatever collided, the next attempt reads afresh: no memory is trusted after a conflict.
      const ids = planned.commit.accounts.map(({ after }) => after.accountId);
      for (const accountId of ids) cache.forget(accountId);
      onContended(ids);
    }
    if (result.reason !== 'stale-account' && result.reason !== 'conflict') {
      const answer = await onFailure(result.reason);
      if (answer !== undefined) return answer;
    }
    if (Date.now() - started > retryPolicy.budgetMs) break;
    if (result.reason !== 'stale-account') {
      const cap = Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** attempt);
      await sleep(Math.floor(Math.random() * cap));
    }
  }
  throw new ProblemError('conflict', {
    detail:
      lastFailure === 'conflict' || lastFailure === 'stale-account'
        ? 'The accounts are busy with other transfers; nothing was written. Retry with the same Idempotency-Key.'
        : 'The transfer is being changed by another request; nothing was written. Retry with the same Idempotency-Key.',
    headers: { 'retry-after': '1' },
  });
}
