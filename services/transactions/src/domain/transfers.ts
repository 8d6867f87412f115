import { createHash } from 'node:crypto';
import { ProblemError } from '@ledgerline/shared/errors';
import type { LedgerAccount, SystemKind } from './accounts';
import { withinLimits } from './accounts';
import type { StoredResponse } from './idempotency';
import type { CurrencyCode, Money } from './money';
import { MAX_MINOR_UNITS } from './money';

/**
 * What a transfer is, decided by its two sides (docs/transactions.md, "Who may do what"):
 * customer → customer `p2p`; settlement → customer `deposit`; customer → settlement `withdrawal`;
 * customer → fees `fee`; system → system `adjustment`; the undoing of a posted transfer `reversal`.
 */
export type TransferKind = 'p2p' | 'deposit' | 'withdrawal' | 'fee' | 'adjustment' | 'reversal';
export type TransferStatus = 'pending' | 'posted' | 'voided' | 'expired';

/** One side of a transfer as the client names it: a customer account id or `system:<kind>`. */
export type Party = { account: string } | { system: SystemKind };

/** An immutable statement line: one posted movement on one account, with the balance after it. */
export interface Entry {
  accountId: string;
  /** 1, 2, 3… per account. */
  sequence: number;
  transferId: string;
  kind: TransferKind;
  /** Signed minor units: positive = credit (money in), negative = debit (money out). */
  amount: number;
  currency: CurrencyCode;
  /** The account's posted balance after this entry: a statement needs no recomputation. */
  balanceAfter: number;
  /** The other side as its owner may see it: a customer account id or `system:<kind>`. */
  counterparty: string;
  description?: string;
  at: string;
}

/** Who did what from where: kept on the transfer, shown only to the debit side's owner and back office. */
export interface TransferAudit {
  actor: { sub: string; tokenType: 'access' | 'service'; clientId: string };
  requestId: string;
  sourceIp: string;
  userAgent: string;
}

/**
 * A cross-region transfer's route: money leaves the source's home region into its `transit` shard
 * (reserved, then posted), and arrives from the destination region's `transit` shard.
 */
export interface CrossRegionRoute {
  sourceRegion: string;
  destinationRegion: string;
  /** Transit shard in the source region (credit side of the reservation). */
  sourceTransit: string;
  /** Transit shard in the destination region (debit side of the delivery). */
  destinationTransit: string;
  /** When the sweeper re-drives the delivery if the stream consumer has not completed it. */
  deliveryDueAt: string;
}

/** A decision on a pending transfer after its creation (post, void, expiry, cross-region completion). */
export interface Resolution {
  action: 'post' | 'void' | 'expire' | 'deliver' | 'refund';
  at: string;
  /** The idempotency scope and fingerprint of the request that decided it (API actions only). */
  scope?: string;
  fingerprint?: string;
  response?: StoredResponse;
  reason?: string;
}

export interface Transfer {
  transferId: string;
  kind: TransferKind;
  /** The sides as requested (system sides by kind), and the accounts (shards) actually moved. */
  from: string;
  to: string;
  debitAccountId: string;
  creditAccountId: string;
  /** Owners of customer sides: who may read the transfer. */
  debitOwner?: string;
  creditOwner?: string;
  amount: Money;
  /** What moved between posted balances (≤ amount: a hold may be posted in part). */
  postedAmount: number;
  status: TransferStatus;
  /** Pending only: when the hold expires if not posted or voided. */
  timeoutAt?: string;
  description?: string;
  reference?: string;
  reversalOf?: string;
  reversedBy?: string;
  route?: CrossRegionRoute;
  /** The region whose replica holds this record and takes its writes (the debit side's home). */
  homeRegion: string;
  /** The creating request: its idempotency fingerprint and the exact first answer (replays). */
  fingerprint: string;
  response: StoredResponse;
  resolution?: Resolution;
  /** The entries this transfer wrote in its home region (the reconciliation reads them by key). */
  entryRefs?: EntryRef[];
  audit: TransferAudit;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The change one commit makes: account states (before → after), new entries, the transfer(s). */
export interface LedgerChange {
  accounts: Array<{ before: LedgerAccount; after: LedgerAccount; isNew: boolean }>;
  entries: Entry[];
  transfers: Array<{ before?: Transfer; after: Transfer }>;
  /** The destination leg of a cross-region transfer (written once per transfer id). */
  deliveries?: Delivery[];
}

/** Where an entry is: its account and its place in the account's statement. */
export type EntryRef = Pick<Entry, 'accountId' | 'sequence' | 'at'>;

/** The keys of entries, to record on the transfer (or delivery) that wrote them. */
export const refsOf = (entries: Entry[]): EntryRef[] =>
  entries.map(({ accountId, sequence, at }) => ({ accountId, sequence, at }));

/** The destination region's record of a cross-region transfer's arrival: its exactly-once marker. */
export interface Delivery {
  transferId: string;
  outcome: 'delivered' | 'refused';
  /** Why the destination refused (closed or unknown account); the source is then refunded. */
  reason?: string;
  region: string;
  at: string;
  /** The entries the delivery wrote in the destination region. */
  entryRefs?: EntryRef[];
}

const ID_BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * The transfer id a caller's Idempotency-Key names: `tr_` + 26 base32 characters of
 * SHA-256(sub, key). Deriving the id from the key makes the transfer's own `attribute_not_exists`
 * condition the exactly-once check, with no separate idempotency item (docs/transactions.md, "Write
 * units"); a key therefore names one transfer forever.
 *
 * @example
 * transferIdFor('user-1', 'key-1'); // 'tr_…' (always the same for the same pair)
 */
export function transferIdFor(sub: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`transfer\n${sub}\n${idempotencyKey}`).digest();
  let id = 'tr_';
  for (let i = 0; i < 26; i += 1) id += ID_BASE32[digest[i]! & 31];
  return id;
}

export const isTransferId = (value: string): boolean => /^tr_[a-z2-7]{26}$/.test(value);

/** `system:<kind>` or the customer account id: how one side appears to the other. */
export const partyName = (account: LedgerAccount): string =>
  account.kind === 'system' ? `system:${account.systemKind}` : account.accountId;

const unprocessable = (detail: string) => new ProblemError('unprocessable-request', { detail });

function assertSameCurrency(amount: Money, ...accounts: LedgerAccount[]): void {
  for (const account of accounts) {
    if (account.currency !== amount.currency) {
      throw new ProblemError('currency-mismatch', {
        detail: `The amount is in ${amount.currency}; account ${partyName(account)} holds ${account.currency}.`,
      });
    }
  }
}

function assertBounds(account: LedgerAccount): void {
  const values = [account.posted, account.debitsPending, account.creditsPending];
  if (values.some((value) => Math.abs(value) > MAX_MINOR_UNITS)) {
    throw unprocessable('The transfer would take a balance beyond the largest amount the ledger can hold.');
  }
}

function assertFunds(debit: LedgerAccount): void {
  if (!withinLimits(debit)) {
    throw new ProblemError('insufficient-funds', {
      detail: 'The available balance of the source account is too low for this amount.',
    });
  }
}

const touched = <A extends LedgerAccount>(account: A, changes: Partial<LedgerAccount>, at: string): A =>
  ({ ...account, ...changes, version: account.version + 1, updatedAt: at }) as A;

/** Entries are dated no earlier than the account's newest one, so time order = sequence order. */
const entryTime = (account: LedgerAccount, at: string) =>
  at > account.lastEntryAt ? at : account.lastEntryAt;

/**
 * Moves `value` between the posted balances of two accounts of the transfer's currency, writing one
 * entry on each side. Throws 422 when the debit side would go below its limit.
 */
export function post(
  debit: LedgerAccount,
  credit: LedgerAccount,
  value: number,
  transfer: Pick<Transfer, 'transferId' | 'kind' | 'amount' | 'description'>,
  at: string,
  /** How each entry names the other side (a cross-region leg names the far customer, not transit). */
  counterparties: { ofDebitEntry?: string; ofCreditEntry?: string } = {},
): { debit: LedgerAccount; credit: LedgerAccount; entries: [Entry, Entry] } {
  assertSameCurrency(transfer.amount, debit, credit);
  const side = (account: LedgerAccount, counterparty: string, signed: number) => {
    const when = entryTime(account, at);
    const after = touched(
      account,
      { posted: account.posted + signed, entryCount: account.entryCount + 1, lastEntryAt: when },
      at,
    );
    const entry: Entry = {
      accountId: account.accountId,
      sequence: after.entryCount,
      transferId: transfer.transferId,
      kind: transfer.kind,
      amount: signed,
      currency: account.currency,
      balanceAfter: after.posted,
      counterparty,
      ...(transfer.description !== undefined && { description: transfer.description }),
      at: when,
    };
    return { after, entry };
  };
  const d = side(debit, counterparties.ofDebitEntry ?? partyName(credit), -value);
  const c = side(credit, counterparties.ofCreditEntry ?? partyName(debit), value);
  assertBounds(d.after);
  assertBounds(c.after);
  assertFunds(d.after);
  return { debit: d.after, credit: c.after, entries: [d.entry, c.entry] };
}

/** Reserves `value` out of `debit` for `credit` (a hold): available falls, posted does not. */
export function reserve(debit: LedgerAccount, credit: LedgerAccount, amount: Money, at: string) {
  assertSameCurrency(amount, debit, credit);
  const d = touched(debit, { debitsPending: debit.debitsPending + amount.value }, at);
  const c = touched(credit, { creditsPending: credit.creditsPending + amount.value }, at);
  assertBounds(d);
  assertBounds(c);
  assertFunds(d);
  return { debit: d, credit: c };
}

/** Gives back a reservation of `value` (post, void or expiry of a hold). Never refused. */
export function release(debit: LedgerAccount, credit: LedgerAccount, value: number, at: string) {
  return {
    debit: touched(debit, { debitsPending: debit.debitsPending - value }, at),
    credit: touched(credit, { creditsPending: credit.creditsPending - value }, at),
  };
}

/** Open-for-movement check: money never moves into or out of a closed account. */
export function assertOpen(account: LedgerAccount, side: 'source' | 'destination'): void {
  if (account.status === 'open') return;
  if (side === 'destination') {
    throw new ProblemError('account-unavailable', { detail: 'The destination account is closed.' });
  }
  throw unprocessable('The source account is closed.');
}

/** The hold's state at `now`: a pending transfer past its timeout is expired whatever the record says. */
export const isExpired = (transfer: Transfer, now: string): boolean =>
  transfer.status === 'pending' && transfer.timeoutAt !== undefined && transfer.timeoutAt <= now;

/**
 * What clients see of a transfer. The counterparty (owner of the credit side only) sees no audit
 * fields and no shard ids; system sides appear as `system:<kind>`.
 */
export function transferView(transfer: Transfer, audience: 'debit-side' | 'credit-side' | 'back-office') {
  const money = (value: number) => ({ value, currency: transfer.amount.currency });
  return {
    transferId: transfer.transferId,
    kind: transfer.kind,
    from: transfer.from,
    to: transfer.to,
    amount: transfer.amount,
    postedAmount: money(transfer.postedAmount),
    status: transfer.status,
    ...(transfer.timeoutAt !== undefined &&
      transfer.status === 'pending' && { timeoutAt: transfer.timeoutAt }),
    ...(transfer.description !== undefined && { description: transfer.description }),
    ...(transfer.reference !== undefined && audience !== 'credit-side' && { reference: transfer.reference }),
    ...(transfer.reversalOf !== undefined && { reversalOf: transfer.reversalOf }),
    ...(transfer.reversedBy !== undefined && { reversedBy: transfer.reversedBy }),
    ...(transfer.route !== undefined && {
      route: {
        sourceRegion: transfer.route.sourceRegion,
        destinationRegion: transfer.route.destinationRegion,
      },
    }),
    createdAt: transfer.createdAt,
    updatedAt: transfer.updatedAt,
    ...(audience !== 'credit-side' && { createdBy: transfer.audit.actor.sub }),
    ...(audience === 'back-office' && {
      accounts: { debit: transfer.debitAccountId, credit: transfer.creditAccountId },
      audit: transfer.audit,
    }),
  };
}
