import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IdempotencyRecord, StoredResponse } from '../domain/idempotency';
import {
  IDEMPOTENCY_WINDOW_SECONDS,
  idempotencyScope,
  isLive,
  requestFingerprint,
} from '../domain/idempotency';
import { isAccountId } from '../domain/ids';
import type { RequestContext, TransactionCommand } from '../domain/ledger';
import type { Account } from '../domain/ledger';
import { applyTransaction, transactionView } from '../domain/ledger';
import { writeRegionFor } from '../domain/regions';
import type { CommitFailure, LedgerStore } from '../ports/ledger-store';
import type { AccountCache } from './account-cache';
import { containerAccountCache } from './account-cache';
import { notFound, requireServiceScope, visibleTo } from './authorize';

export interface RecordTransactionInput {
  principal: Principal;
  accountId: string;
  idempotencyKey: string;
  command: TransactionCommand;
  context: Omit<RequestContext, 'actor'>;
}

export interface RecordTransactionResult {
  response: StoredResponse;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/** Bounds of the optimistic-concurrency loop (well inside the 10 s function timeout). */
export const retryPolicy = { maxAttempts: 40, budgetMs: 5_000, baseDelayMs: 5, maxDelayMs: 100 };

/**
 * POST /accounts/{accountId}/transactions with exactly-once semantics per Idempotency-Key
 * (docs/transactions.md, "Idempotency" and "One round trip"):
 *
 * 1. the account: this container's last known state in its write region (`cache`), else a read
 *    (local replica) for owner and home region; 404 unless the caller may write;
 * 2. in the account's write region: apply the command (pure) to that state — read strongly only
 *    when nothing is known — and commit the account update (conditioned on version and balance),
 *    the transaction and the idempotency record in ONE TransactWriteItems. With a known state
 *    that is the only round trip;
 * 3. if the idempotency condition failed: the record decides — same fingerprint → replay the stored
 *    response; another → 422. If the account moved (another container, a stale state) or a
 *    concurrent transaction collided: read it and try again (bounded). A rule failure (e.g.
 *    insufficient funds) on a remembered state is checked against a fresh read first, then against
 *    a stored answer, so a retry of a debit that succeeded earlier replays instead of failing.
 *
 * @example
 * const { response, replayed } = await recordTransaction(store, input);
 */
export async function recordTransaction(
  store: LedgerStore,
  input: RecordTransactionInput,
  clock: () => Date = () => new Date(),
  cache: AccountCache = containerAccountCache,
): Promise<RecordTransactionResult> {
  const { principal, accountId, command } = input;
  requireServiceScope(principal, 'write');
  if (!isAccountId(accountId)) throw notFound('account');
  const remembered = cache.get(accountId);
  const local = visibleTo(principal, 'write', remembered ?? (await store.getAccount(accountId)), 'account');
  const region = writeRegionFor(local.homeRegion);
  const scope = idempotencyScope(principal.sub, input.idempotencyKey);
  const path = `/accounts/${accountId}/transactions`;
  const fingerprint = requestFingerprint('POST', path, command);
  const context: RequestContext = {
    ...input.context,
    actor: { sub: principal.sub, tokenType: principal.tokenType, clientId: principal.clientId },
  };
  const resolve = (record: IdempotencyRecord): RecordTransactionResult => {
    if (record.fingerprint !== fingerprint) {
      throw new ProblemError('idempotency-key-reused', {
        detail: 'This Idempotency-Key was used for a different request in the last 24 hours; use a new key.',
      });
    }
    return { response: record.response, replayed: true };
  };
  const storedAnswer = async (nowSeconds: number) => {
    const record = await store.getIdempotencyRecord(accountId, scope, region);
    return record && isLive(record, nowSeconds) ? record : undefined;
  };

  const started = Date.now();
  let lastFailure: CommitFailure = 'conflict';
  // The state to commit against next: remembered, or read strongly (the local read is strong and
  // in the write region when that region is this one); undefined = read it in the write region.
  let known: { account: Account; remembered: boolean } | undefined;
  if (remembered !== undefined) known = { account: remembered, remembered: true };
  else if (region === store.localRegion) {
    cache.remember(local);
    known = { account: local, remembered: false };
  }
  for (let attempt = 1; attempt <= retryPolicy.maxAttempts; attempt += 1) {
    const now = clock();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (!known) {
      const fresh = await store.getAccount(accountId, region);
      if (!fresh) {
        cache.forget(accountId);
        throw notFound('account');
      }
      cache.remember(fresh);
      known = { account: fresh, remembered: false };
    }
    const { account } = known;

    let applied: ReturnType<typeof applyTransaction>;
    try {
      applied = applyTransaction(account, command, context, now.toISOString());
    } catch (error) {
      if (known.remembered) {
        // The remembered state may be stale (another container moved the balance): judge the rule
        // on a fresh read, never on a memory.
        known = undefined;
        attempt -= 1;
        continue;
      }
      const record = await storedAnswer(nowSeconds);
      if (record) return resolve(record);
      throw error;
    }
    const body = JSON.stringify({
      transaction: transactionView(applied.transaction),
      balance: { value: applied.account.balance, currency: applied.account.currency },
    });
    const response: StoredResponse = {
      statusCode: 201,
      location: `/transactions/${applied.transaction.transactionId}`,
      body,
    };
    const result = await store.commitTransaction(
      {
        expected: account,
        account: applied.account,
        transaction: applied.transaction,
        idempotency: {
          scope,
          fingerprint,
          response,
          createdAt: now.toISOString(),
          expiresAt: nowSeconds + IDEMPOTENCY_WINDOW_SECONDS,
        },
      },
      region,
    );
    if (result.committed) {
      cache.remember(applied.account);
      return { response, replayed: false };
    }
    lastFailure = result.reason;
    // Whatever failed, the next attempt reads the account afresh (as before the cache); a stale
    // memory is dropped so that no other request commits against it.
    known = undefined;
    if (result.reason === 'stale-account') cache.forget(accountId);
    if (result.reason === 'idempotency-exists') {
      const record = await storedAnswer(nowSeconds);
      if (record) return resolve(record);
      continue; // expired in between: try again as a new request
    }
    if (Date.now() - started > retryPolicy.budgetMs) break;
    if (result.reason !== 'stale-account') {
      const cap = Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** attempt);
      await sleep(Math.floor(Math.random() * cap));
    }
  }
  // Nothing was written: the client retries with the same key and gets exactly one effect.
  if (lastFailure === 'idempotency-in-progress') {
    throw new ProblemError('request-in-progress', {
      detail: 'A request with this Idempotency-Key is being processed; retry shortly with the same key.',
      headers: { 'retry-after': '1' },
    });
  }
  throw new ProblemError('conflict', {
    detail:
      'The account is busy with other transactions; nothing was written. Retry with the same Idempotency-Key.',
    headers: { 'retry-after': '1' },
  });
}
