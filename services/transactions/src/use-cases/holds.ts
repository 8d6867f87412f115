import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import { idempotencyScope, requestFingerprint } from '../domain/idempotency';
import { writeRegionFor } from '../domain/regions';
import { isBackOffice, requireResolver } from '../domain/rules';
import type { Transfer } from '../domain/transfers';
import { isExpired, isTransferId, post, refsOf, release, transferView } from '../domain/transfers';
import type { CommitFailure, LedgerStore } from '../ports/ledger-store';
import type { AccountStates, Attempt } from './commit-loop';
import { commitLoop } from './commit-loop';
import type { LedgerAnswer, LedgerDeps } from './create-transfer';
import { containerDeps } from './create-transfer';

export interface ResolveHoldInput {
  principal: Principal;
  transferId: string;
  action: 'post' | 'void';
  /** Post only: the part of the hold to post (default all); the rest is released. */
  amount?: number;
  idempotencyKey: string;
}

const notFound = () => new ProblemError('not-found', { detail: 'No transfer with this id.' });

/**
 * The accounts of a hold in its write region and the change that releases `reserved` and posts
 * `postValue` of it (0 = void or expiry).
 */
async function settle(states: AccountStates, transfer: Transfer, postValue: number, at: string) {
  const debitBefore = await states.get(transfer.debitAccountId);
  const creditBefore = await states.get(transfer.creditAccountId);
  if (!debitBefore || !creditBefore) throw new Error(`hold ${transfer.transferId}: an account is missing`);
  const released = release(debitBefore, creditBefore, transfer.amount.value, at);
  const moved =
    postValue > 0
      ? post(released.debit, released.credit, postValue, transfer, at)
      : { ...released, entries: [] as [] };
  return {
    accounts: [
      { before: debitBefore, after: moved.debit, isNew: false },
      { before: creditBefore, after: moved.credit, isNew: false },
    ],
    entries: moved.entries,
  };
}

/**
 * POST /transfers/{id}/post and /void: decides a pending hold, exactly once. Posting moves all or
 * part of the reserved amount (the rest is released, TigerBeetle's partial post); voiding releases
 * it all. One TransactWriteItems: both accounts, the entries (post), the transfer conditioned on
 * its version. The decision is recorded on the transfer with its request's fingerprint, so a retry
 * with the same key replays the first answer; any other request on a decided hold is 409
 * `transfer-not-pending`. A hold past its timeout is 422 `hold-expired` (the expirer releases it).
 *
 * @example
 * await resolveHold(store, { principal, transferId, action: 'post', amount: 1500, idempotencyKey });
 */
export async function resolveHold(
  store: LedgerStore,
  input: ResolveHoldInput,
  deps: LedgerDeps = containerDeps,
): Promise<LedgerAnswer> {
  const { principal, transferId, action } = input;
  if (principal.tokenType !== 'service') {
    throw new ProblemError('forbidden', {
      detail: 'Holds are posted or voided by the service that made them.',
    });
  }
  if (!isTransferId(transferId)) throw notFound();
  const local = await store.getTransfer(transferId);
  if (!local) throw notFound();
  requireResolver(principal, local);
  if (local.route) {
    throw new ProblemError('transfer-not-pending', {
      detail: 'A cross-region transfer completes by itself; it cannot be posted or voided.',
    });
  }
  const region = writeRegionFor(local.homeRegion);
  const scope = idempotencyScope(principal.sub, input.idempotencyKey);
  const fingerprint = requestFingerprint('POST', `/transfers/${transferId}/${action}`, {
    ...(input.amount !== undefined && { amount: input.amount }),
  });
  const answerFor = (transfer: Transfer): LedgerAnswer | undefined => {
    const decided = transfer.resolution;
    if (decided?.scope !== scope || !decided.response) return undefined;
    if (decided.fingerprint !== fingerprint) {
      throw new ProblemError('idempotency-key-reused', {
        detail: 'This Idempotency-Key was used for a different request; use a new key.',
      });
    }
    return { response: decided.response, replayed: true };
  };
  let transfer = local;
  const build = async (states: AccountStates): Promise<Attempt<LedgerAnswer>> => {
    const replay = answerFor(transfer);
    if (replay) return { done: replay };
    const at = deps.clock().toISOString();
    if (transfer.status !== 'pending') {
      throw new ProblemError('transfer-not-pending', { detail: `The transfer is ${transfer.status}.` });
    }
    if (isExpired(transfer, at)) {
      throw new ProblemError('hold-expired', { detail: `The hold expired at ${transfer.timeoutAt}.` });
    }
    const postValue = action === 'void' ? 0 : (input.amount ?? transfer.amount.value);
    if (postValue > transfer.amount.value) {
      throw new ProblemError('unprocessable-request', {
        detail: `At most the held ${transfer.amount.value} minor units can be posted.`,
      });
    }
    const { accounts, entries } = await settle(states, transfer, postValue, at);
    const after: Transfer = {
      ...transfer,
      status: action === 'post' ? 'posted' : 'voided',
      postedAmount: postValue,
      updatedAt: at,
      version: transfer.version + 1,
      resolution: { action, at, scope, fingerprint },
      ...(entries.length > 0 && { entryRefs: refsOf(entries) }),
    };
    const response = {
      statusCode: 200,
      location: `/transfers/${transferId}`,
      body: JSON.stringify({
        transfer: transferView(after, isBackOffice(principal) ? 'back-office' : 'debit-side'),
      }),
    };
    after.resolution = { ...after.resolution!, response };
    return {
      commit: { accounts, entries, transfers: [{ before: transfer, after }] },
      result: { response, replayed: false },
    };
  };
  const onFailure = async (reason: CommitFailure) => {
    if (reason !== 'transfer-changed' && reason !== 'transfer-exists') return undefined;
    const fresh = await store.getTransfer(transferId, region);
    if (!fresh) throw notFound();
    transfer = fresh;
    return answerFor(fresh);
  };
  if (region !== store.localRegion) transfer = (await store.getTransfer(transferId, region)) ?? local;
  return commitLoop(store, deps.cache, region, build, onFailure);
}

/**
 * Releases every hold in `region` past its timeout (scheduled every minute; also part of the local
 * stack and of the tests' quiescence). Cross-region transfers past their delivery deadline are
 * handed to `redeliver` instead: their money may already be in the destination region.
 * One transfer's failure (a throttle, a timeout) does not stop the others: it is counted in
 * `failed` and retried by the next run (the handler then fails, so the Lambda Errors alarm sees it).
 *
 * @example
 * const expired = await expireHolds(store, 'us-east-1', deliverTransfer);
 */
export async function expireHolds(
  store: LedgerStore,
  region: string,
  redeliver: (transfer: Transfer) => Promise<void>,
  deps: LedgerDeps = containerDeps,
  limit = 500,
): Promise<{ expired: number; redelivered: number; failed: number }> {
  const now = deps.clock().toISOString();
  const due = await store.listDueTransfers(region, now, limit);
  let expired = 0;
  let redelivered = 0;
  let failed = 0;
  for (const candidate of due) {
    try {
      if (candidate.route) {
        await redeliver(candidate);
        redelivered += 1;
      } else if (await expireOne(store, region, candidate, deps)) expired += 1;
    } catch {
      failed += 1;
    }
  }
  return { expired, redelivered, failed };
}

/** Expires one hold if it is still pending and past its timeout; false when there was nothing to do. */
async function expireOne(store: LedgerStore, region: string, candidate: Transfer, deps: LedgerDeps) {
  let transfer: Transfer | undefined = candidate;
  const done = await commitLoop(
    store,
    deps.cache,
    region,
    async (states): Promise<Attempt<boolean>> => {
      if (!transfer || !isExpired(transfer, deps.clock().toISOString())) return { done: false };
      const at = deps.clock().toISOString();
      const { accounts, entries } = await settle(states, transfer, 0, at);
      const after: Transfer = {
        ...transfer,
        status: 'expired',
        updatedAt: at,
        version: transfer.version + 1,
        resolution: { action: 'expire', at },
      };
      return { commit: { accounts, entries, transfers: [{ before: transfer, after }] }, result: true };
    },
    async (reason) => {
      if (reason !== 'transfer-changed') return undefined;
      transfer = await store.getTransfer(candidate.transferId, region);
      return undefined;
    },
  );
  return done;
}
