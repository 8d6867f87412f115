import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import type { LedgerAccount, SystemKind } from './accounts';
import type { Party, Transfer, TransferKind } from './transfers';

/**
 * Who may move money from where to where: THE authorization table of the ledger, rendered into
 * docs/transactions.md ("Who may do what", kept identical by a unit test) and tested row by row,
 * refusals included (tests/integration/authorization.test.ts). A request matching no row is 403
 * before anything is read, so a refusal says nothing about any account. Rows never let a user token
 * raise the sum of that user's balances except through another user's transfer.
 */
export const TRANSFER_RULES = [
  { kind: 'p2p', from: 'customer (own)', to: 'customer', caller: 'user', holds: false },
  { kind: 'deposit', from: 'system:settlement', to: 'customer', caller: 'ledger:deposit', holds: true },
  { kind: 'withdrawal', from: 'customer', to: 'system:settlement', caller: 'ledger:withdraw', holds: true },
  { kind: 'fee', from: 'customer', to: 'system:fees', caller: 'ledger:admin', holds: false },
  { kind: 'adjustment', from: 'system:*', to: 'system:*', caller: 'ledger:admin', holds: false },
] as const satisfies ReadonlyArray<{
  kind: Exclude<TransferKind, 'reversal'>;
  from: string;
  to: string;
  caller: 'user' | 'ledger:deposit' | 'ledger:withdraw' | 'ledger:admin';
  holds: boolean;
}>;

export type TransferRule = (typeof TRANSFER_RULES)[number];

/** Every other action of the service: who may do it (service scopes are alternatives). */
export const ACTION_RULES = [
  { action: 'open an account', user: 'yes (own, this region)', service: 'no' },
  { action: 'close an account', user: 'own, zero balance, nothing pending', service: 'no' },
  {
    action: 'read an account and its entries',
    user: 'own customer accounts',
    service: 'transactions:read, ledger:admin',
  },
  {
    action: "list a person's accounts",
    user: 'own (no `owner`, or their own sub)',
    service: 'transactions:read, ledger:admin (`?owner=<sub>`, required)',
  },
  {
    action: 'read a transfer',
    user: 'either side (credit side: no audit)',
    service: 'transactions:read, ledger:admin',
  },
  {
    action: 'post or void a hold',
    user: 'no',
    service: 'its kind’s scope (ledger:deposit or ledger:withdraw), ledger:admin',
  },
  { action: 'reverse a posted transfer (once)', user: 'no', service: 'ledger:admin' },
  { action: "set a customer account's overdraft limit", user: 'no', service: 'ledger:admin' },
] as const;

/** System accounts a client may name (transit is the ledger's own, never addressed by a request). */
export const ADDRESSABLE_SYSTEM_KINDS: readonly SystemKind[] = ['settlement', 'fees', 'suspense'];

const forbidden = (detail: string) => new ProblemError('forbidden', { detail });

const sideClass = (party: Party): string => ('system' in party ? `system:${party.system}` : 'customer');

function matches(rule: TransferRule, from: Party, to: Party): boolean {
  const f = sideClass(from);
  const t = sideClass(to);
  const fits = (pattern: string, value: string) =>
    pattern === value ||
    (pattern === 'customer (own)' && value === 'customer') ||
    (pattern === 'system:*' && value.startsWith('system:'));
  if (rule.kind === 'adjustment' && f === t) return false;
  return fits(rule.from, f) && fits(rule.to, t);
}

/**
 * The rule a transfer request falls under, or 403. Decided on the request alone (before any read);
 * ownership of a customer source is checked after the read (404 when not the caller's).
 *
 * @example
 * transferRuleFor(user, { account: 'acc_…' }, { account: 'acc_…' }, false).kind; // 'p2p'
 */
export function transferRuleFor(principal: Principal, from: Party, to: Party, hold: boolean): TransferRule {
  for (const party of [from, to]) {
    if ('system' in party && !ADDRESSABLE_SYSTEM_KINDS.includes(party.system)) {
      throw forbidden(`system:${party.system} cannot be named in a request.`);
    }
  }
  const rule = TRANSFER_RULES.find((candidate) => matches(candidate, from, to));
  if (!rule) throw forbidden('No rule allows a transfer between these two kinds of account.');
  const allowed =
    rule.caller === 'user'
      ? principal.tokenType === 'access'
      : principal.tokenType === 'service' && principal.scopes.includes(rule.caller);
  if (!allowed) {
    throw forbidden(
      rule.caller === 'user'
        ? 'Transfers between customer accounts are made by the owner of the source account.'
        : `A ${rule.kind} needs a service token with the scope ${rule.caller}.`,
    );
  }
  if (hold && !rule.holds) throw forbidden(`A ${rule.kind} cannot be a hold.`);
  return rule;
}

/** True when the caller may move money out of this (already read) source account. */
export function mayDebit(principal: Principal, rule: TransferRule, source: LedgerAccount): boolean {
  if (rule.caller !== 'user') return true;
  return source.kind === 'customer' && source.ownerSub === principal.sub;
}

/** Service scopes that may read any account or transfer (back office, reconciliation tools). */
const READ_SCOPES = ['transactions:read', 'ledger:admin'];

export const isBackOffice = (principal: Principal): boolean =>
  principal.tokenType === 'service' && principal.scopes.some((scope) => READ_SCOPES.includes(scope));

/** Whether the caller may read this account (and list its entries). */
export function mayReadAccount(principal: Principal, account: LedgerAccount): boolean {
  if (principal.tokenType === 'service') return isBackOffice(principal);
  return account.kind === 'customer' && account.ownerSub === principal.sub;
}

/** How much of a transfer the caller may see, or undefined when nothing (404). */
export function transferAudience(
  principal: Principal,
  transfer: Transfer,
): 'debit-side' | 'credit-side' | 'back-office' | undefined {
  if (principal.tokenType === 'service') return isBackOffice(principal) ? 'back-office' : undefined;
  if (transfer.debitOwner === principal.sub) return 'debit-side';
  if (transfer.creditOwner === principal.sub) return 'credit-side';
  return undefined;
}

/** Post or void of a hold: the scope of the hold's kind, or ledger:admin. Users never. */
export function requireResolver(principal: Principal, transfer: Transfer): void {
  const rule = TRANSFER_RULES.find((candidate) => candidate.kind === transfer.kind);
  const scopes = ['ledger:admin', ...(rule && rule.caller !== 'user' ? [rule.caller] : [])];
  if (principal.tokenType !== 'service' || !principal.scopes.some((scope) => scopes.includes(scope))) {
    throw forbidden(
      `Posting or voiding a ${transfer.kind} hold needs one of the scopes ${scopes.join(', ')}.`,
    );
  }
}

/** Reversals: back office only. */
export function requireAdmin(principal: Principal, what: string): void {
  if (principal.tokenType !== 'service' || !principal.scopes.includes('ledger:admin')) {
    throw forbidden(`${what} needs a service token with the scope ledger:admin.`);
  }
}
