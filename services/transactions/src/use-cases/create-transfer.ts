import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import type { CustomerAccount, LedgerAccount } from '../domain/accounts';
import { isCustomerAccountId } from '../domain/accounts';
import type { StoredResponse } from '../domain/idempotency';
import { requestFingerprint } from '../domain/idempotency';
import type { Money } from '../domain/money';
import { writeRegionFor } from '../domain/regions';
import type { TransferRule } from '../domain/rules';
import { mayDebit, transferRuleFor } from '../domain/rules';
import type { LedgerChange, Party, Transfer, TransferAudit } from '../domain/transfers';
import { assertOpen, post, refsOf, reserve, transferIdFor, transferView } from '../domain/transfers';
import type { CommitFailure, LedgerStore } from '../ports/ledger-store';
import type { AccountCache } from './account-cache';
import { containerAccountCache } from './account-cache';
import type { AccountStates, Attempt } from './commit-loop';
import { commitLoop } from './commit-loop';
import type { ShardPicker } from './system-shards';
import { containerShardPicker } from './system-shards';

/** The body of POST /transfers (src/schemas.ts). */
export interface TransferRequest {
  from: string;
  to: string;
  amount: Money;
  hold?: { timeoutSeconds: number };
  description?: string;
  reference?: string;
}

export interface RequestContext {
  requestId: string;
  sourceIp: string;
  userAgent: string;
}

export interface CreateTransferInput {
  principal: Principal;
  idempotencyKey: string;
  request: TransferRequest;
  context: RequestContext;
}

export interface LedgerAnswer {
  response: StoredResponse;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

export interface LedgerDeps {
  clock: () => Date;
  cache: AccountCache;
  shards: ShardPicker;
}

export const containerDeps: LedgerDeps = {
  clock: () => new Date(),
  cache: containerAccountCache,
  shards: containerShardPicker,
};

/** A cross-region transfer's destination leg is re-driven by the sweeper after this long. */
export const DELIVERY_DEADLINE_MS = 60_000;

/** `acc_…` or `system:<kind>` (the schema admits only these shapes). */
export function partyOf(value: string): Party {
  return value.startsWith('system:') ? { system: value.slice(7) as never } : { account: value };
}

const notFound = () => new ProblemError('not-found', { detail: 'No account with this id.' });
const unavailable = () =>
  new ProblemError('account-unavailable', {
    detail: 'No open account with this id can receive the transfer.',
  });

/** A 404 says nothing about whether the id exists: the same answer for missing and not yours. */
async function sourceAccount(store: LedgerStore, principal: Principal, rule: TransferRule, id: string) {
  if (!isCustomerAccountId(id)) throw notFound();
  const account = await store.getAccount(id);
  if (!account || !mayDebit(principal, rule, account)) throw notFound();
  return account as CustomerAccount;
}

async function destinationAccount(store: LedgerStore, id: string) {
  if (!isCustomerAccountId(id)) throw unavailable();
  const account = await store.getAccount(id);
  if (!account) throw unavailable();
  return account as CustomerAccount;
}

/**
 * POST /transfers: moves money between two accounts of one currency, exactly once per
 * (caller, Idempotency-Key) (docs/transactions.md, "Transfers"):
 *
 * 1. the rule (src/domain/rules.ts) from the two sides' kinds and the token: 403 before any read;
 * 2. the customer sides are read (404 unknown or foreign source; 422 unknown or closed destination)
 *    and the write region of each is found; a system side is a shard in the customer side's region;
 * 3. same write region: ONE TransactWriteItems posts (or, for a hold, reserves) both sides, writes
 *    the two entries and the transfer, whose id is derived from the key: its `attribute_not_exists`
 *    condition is the exactly-once check. A transfer that exists answers its stored first response
 *    (same fingerprint) or 422 `idempotency-key-reused`;
 * 4. different write regions: the source is reserved into its region's transit shard with the
 *    transfer as outbox (202, `status: pending`); deliverTransfer completes it (cross-region.ts).
 *
 * @example
 * const { response, replayed } = await createTransfer(store, input);
 */
export async function createTransfer(
  store: LedgerStore,
  input: CreateTransferInput,
  deps: LedgerDeps = containerDeps,
): Promise<LedgerAnswer> {
  const { principal, request } = input;
  const from = partyOf(request.from);
  const to = partyOf(request.to);
  const rule = transferRuleFor(principal, from, to, request.hold !== undefined);
  if (request.from === request.to) {
    throw new ProblemError('unprocessable-request', {
      detail: 'The source and destination are the same account.',
    });
  }
  const transferId = transferIdFor(principal.sub, input.idempotencyKey);
  const fingerprint = requestFingerprint('POST', '/transfers', request);
  const audience = principal.tokenType === 'service' ? 'back-office' : 'debit-side';

  // The customer sides, read on the local replica (owner, currency, home region are immutable).
  const source = 'account' in from ? await sourceAccount(store, principal, rule, from.account) : undefined;
  const destination = 'account' in to ? await destinationAccount(store, to.account) : undefined;
  const sourceRegion = writeRegionFor(source?.homeRegion ?? destination?.homeRegion ?? store.localRegion);
  const destinationRegion = writeRegionFor(destination?.homeRegion ?? sourceRegion);
  const crossRegion = sourceRegion !== destinationRegion;
  if (crossRegion) {
    // The destination leg checks again in its own region; these answer the client now.
    if (destination!.status !== 'open') throw unavailable();
    if (destination!.currency !== request.amount.currency) {
      throw new ProblemError('currency-mismatch', {
        detail: `The amount is in ${request.amount.currency}; the destination holds ${destination!.currency}.`,
      });
    }
  }

  const onFailure = async (reason: CommitFailure) =>
    reason === 'transfer-exists' ? storedAnswer(store, transferId, sourceRegion, fingerprint) : undefined;

  const build = async (states: AccountStates): Promise<Attempt<LedgerAnswer>> => {
    const now = deps.clock();
    const at = now.toISOString();
    const sideState = async (party: Party, region: string) => {
      if ('system' in party)
        return deps.shards.state(states, party.system, request.amount.currency, region, at);
      const account = await states.get(party.account);
      if (!account) throw 'account' in from && party.account === from.account ? notFound() : unavailable();
      return { account, isNew: false };
    };
    const debitSide = await sideState(from, sourceRegion);
    assertOpen(debitSide.account, 'source');
    const creditSide = crossRegion
      ? await deps.shards.state(states, 'transit', request.amount.currency, sourceRegion, at)
      : await sideState(to, sourceRegion);
    if (!crossRegion) assertOpen(creditSide.account, 'destination');

    const base = {
      transferId,
      kind: rule.kind,
      amount: { value: request.amount.value, currency: request.amount.currency },
      ...(request.description !== undefined && { description: request.description }),
    };
    const pending = request.hold !== undefined || crossRegion;
    let debit: LedgerAccount;
    let credit: LedgerAccount;
    let entries: LedgerChange['entries'] = [];
    if (pending) {
      ({ debit, credit } = reserve(debitSide.account, creditSide.account, base.amount, at));
    } else {
      ({ debit, credit, entries } = post(debitSide.account, creditSide.account, base.amount.value, base, at));
    }
    const transfer: Transfer = {
      ...base,
      from: request.from,
      to: request.to,
      debitAccountId: debit.accountId,
      creditAccountId: crossRegion ? destination!.accountId : credit.accountId,
      ...(source && { debitOwner: source.ownerSub }),
      ...(destination && { creditOwner: destination.ownerSub }),
      postedAmount: pending ? 0 : base.amount.value,
      status: pending ? 'pending' : 'posted',
      ...(request.hold && {
        timeoutAt: new Date(now.getTime() + request.hold.timeoutSeconds * 1000).toISOString(),
      }),
      ...(request.reference !== undefined && { reference: request.reference }),
      ...(entries.length > 0 && { entryRefs: refsOf(entries) }),
      ...(crossRegion && {
        route: {
          sourceRegion,
          destinationRegion,
          sourceTransit: credit.accountId,
          destinationTransit: deps.shards.shardFor('transit', request.amount.currency, destinationRegion),
          deliveryDueAt: new Date(now.getTime() + DELIVERY_DEADLINE_MS).toISOString(),
        },
      }),
      homeRegion: sourceRegion,
      fingerprint,
      response: { statusCode: 0, location: '', body: '' },
      audit: auditOf(principal, input.context),
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    transfer.response = {
      statusCode: crossRegion ? 202 : 201,
      location: `/transfers/${transferId}`,
      body: JSON.stringify({ transfer: transferView(transfer, audience) }),
    };
    return {
      commit: {
        accounts: [
          { before: debitSide.account, after: debit, isNew: debitSide.isNew },
          { before: creditSide.account, after: credit, isNew: creditSide.isNew },
        ],
        entries,
        transfers: [{ after: transfer }],
      },
      result: { response: transfer.response, replayed: false },
    };
  };

  return commitLoop(store, deps.cache, sourceRegion, build, onFailure, (ids) =>
    ids.forEach((id) => deps.shards.rotate(id)),
  );
}

/**
 * The first answer of the transfer a key created, for a retry with the same request (same
 * fingerprint); 422 `idempotency-key-reused` when the key named another request; undefined when the
 * key has created nothing yet.
 */
export async function storedAnswer(
  store: LedgerStore,
  transferId: string,
  region: string,
  fingerprint: string,
): Promise<LedgerAnswer | undefined> {
  const existing = await store.getTransfer(transferId, region);
  if (!existing) return undefined;
  if (existing.fingerprint !== fingerprint) {
    throw new ProblemError('idempotency-key-reused', {
      detail: 'This Idempotency-Key was used for a different request; use a new key.',
    });
  }
  return { response: existing.response, replayed: true };
}

export function auditOf(principal: Principal, context: RequestContext): TransferAudit {
  return {
    actor: { sub: principal.sub, tokenType: principal.tokenType, clientId: principal.clientId },
    requestId: context.requestId,
    sourceIp: context.sourceIp,
    userAgent: context.userAgent,
  };
}
