import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import { requestFingerprint } from '../domain/idempotency';
import { writeRegionFor } from '../domain/regions';
import { requireAdmin } from '../domain/rules';
import type { Transfer } from '../domain/transfers';
import { isTransferId, post, refsOf, transferIdFor, transferView } from '../domain/transfers';
import type { CommitFailure, LedgerStore } from '../ports/ledger-store';
import type { AccountStates, Attempt } from './commit-loop';
import { commitLoop } from './commit-loop';
import type { LedgerAnswer, LedgerDeps, RequestContext } from './create-transfer';
import { auditOf, containerDeps, storedAnswer } from './create-transfer';

export interface ReverseTransferInput {
  principal: Principal;
  transferId: string;
  idempotencyKey: string;
  description?: string;
  context: RequestContext;
}

const notFound = () => new ProblemError('not-found', { detail: 'No transfer with this id.' });

/**
 * POST /transfers/{id}/reverse (back office, `ledger:admin`): a posted transfer is never edited;
 * its reversal is a new `reversal` transfer of the posted amount between the same two accounts in
 * the other direction, linked both ways. ONE TransactWriteItems writes both accounts, the two
 * entries, the reversal (exactly once per key) and the original's `reversedBy`, conditioned on the
 * original's version: a transfer is reversed at most once (409 `already-reversed` after that).
 * The reversal follows the limits of its debit side (422 when that customer has spent the money).
 *
 * @example
 * await reverseTransfer(store, { principal, transferId: 'tr_…', idempotencyKey, context });
 */
export async function reverseTransfer(
  store: LedgerStore,
  input: ReverseTransferInput,
  deps: LedgerDeps = containerDeps,
): Promise<LedgerAnswer> {
  const { principal, transferId } = input;
  requireAdmin(principal, 'A reversal');
  if (!isTransferId(transferId)) throw notFound();
  const local = await store.getTransfer(transferId);
  if (!local) throw notFound();
  if (local.route) {
    throw new ProblemError('unprocessable-request', {
      detail:
        'A cross-region transfer is reversed with two adjustments through suspense (docs/transactions.md).',
    });
  }
  const region = writeRegionFor(local.homeRegion);
  const reversalId = transferIdFor(principal.sub, input.idempotencyKey);
  const fingerprint = requestFingerprint('POST', `/transfers/${transferId}/reverse`, {
    ...(input.description !== undefined && { description: input.description }),
  });
  const replay = () => storedAnswer(store, reversalId, region, fingerprint);
  let original: Transfer = (await store.getTransfer(transferId, region)) ?? local;
  const build = async (states: AccountStates): Promise<Attempt<LedgerAnswer>> => {
    if (original.reversedBy !== undefined) {
      const replayed = original.reversedBy === reversalId ? await replay() : undefined;
      if (replayed) return { done: replayed };
      throw new ProblemError('already-reversed', { detail: `Reversed by ${original.reversedBy}.` });
    }
    if (original.status !== 'posted' || original.kind === 'reversal') {
      throw new ProblemError('transfer-not-pending', {
        detail:
          original.kind === 'reversal'
            ? 'A reversal is not reversed; make a new transfer.'
            : `Only a posted transfer can be reversed; this one is ${original.status}.`,
      });
    }
    const at = deps.clock().toISOString();
    // The money goes back between the same two accounts (the same shard for a system side).
    const debitBefore = await states.get(original.creditAccountId);
    const creditBefore = await states.get(original.debitAccountId);
    if (!debitBefore || !creditBefore) throw new Error(`transfer ${transferId}: an account is missing`);
    const reversal: Transfer = {
      transferId: reversalId,
      kind: 'reversal',
      from: original.to,
      to: original.from,
      debitAccountId: original.creditAccountId,
      creditAccountId: original.debitAccountId,
      ...(original.creditOwner !== undefined && { debitOwner: original.creditOwner }),
      ...(original.debitOwner !== undefined && { creditOwner: original.debitOwner }),
      amount: { value: original.postedAmount, currency: original.amount.currency },
      postedAmount: original.postedAmount,
      status: 'posted',
      ...(input.description !== undefined && { description: input.description }),
      reversalOf: transferId,
      homeRegion: region,
      fingerprint,
      response: { statusCode: 0, location: '', body: '' },
      audit: auditOf(principal, input.context),
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const moved = post(debitBefore, creditBefore, original.postedAmount, reversal, at);
    reversal.entryRefs = refsOf(moved.entries);
    reversal.response = {
      statusCode: 201,
      location: `/transfers/${reversalId}`,
      body: JSON.stringify({ transfer: transferView(reversal, 'back-office') }),
    };
    const reversed: Transfer = {
      ...original,
      reversedBy: reversalId,
      updatedAt: at,
      version: original.version + 1,
    };
    return {
      commit: {
        accounts: [
          { before: debitBefore, after: moved.debit, isNew: false },
          { before: creditBefore, after: moved.credit, isNew: false },
        ],
        entries: moved.entries,
        transfers: [{ after: reversal }, { before: original, after: reversed }],
      },
      result: { response: reversal.response, replayed: false },
    };
  };
  const onFailure = async (reason: CommitFailure) => {
    if (reason === 'transfer-exists') return replay();
    if (reason === 'transfer-changed') original = (await store.getTransfer(transferId, region)) ?? original;
    return undefined;
  };
  return commitLoop(store, deps.cache, region, build, onFailure);
}
