import { ProblemError } from '@ledgerline/shared/errors';
import { MAX_SEQUENCE, transactionId } from './ids';
import type { CurrencyCode, Money } from './money';
import { MAX_MINOR_UNITS } from './money';

export interface Account {
  accountId: string;
  ownerSub: string;
  currency: CurrencyCode;
  /** Minor units; never negative. */
  balance: number;
  /** The region whose replica takes every write for this account (docs/transactions.md). */
  homeRegion: string;
  createdAt: string;
  updatedAt: string;
  /** Number of transactions applied; the optimistic-lock version and the last sequence number. */
  version: number;
}

export type TransactionType = 'credit' | 'debit';

/** Who did what from where: stored with every transaction, never updated. */
export interface AuditRecord {
  actor: { sub: string; tokenType: 'access' | 'service'; clientId: string };
  at: string;
  requestId: string;
  sourceIp: string;
  userAgent: string;
  balanceBefore: number;
  balanceAfter: number;
}

export interface Transaction {
  transactionId: string;
  accountId: string;
  ownerSub: string;
  sequence: number;
  type: TransactionType;
  amount: Money;
  description?: string;
  reference?: string;
  counterparty?: string;
  createdAt: string;
  audit: AuditRecord;
}

export interface TransactionCommand {
  type: TransactionType;
  amount: Money;
  description?: string;
  reference?: string;
  counterparty?: string;
}

export interface RequestContext {
  actor: AuditRecord['actor'];
  requestId: string;
  sourceIp: string;
  userAgent: string;
}

/**
 * A new, empty account owned by `ownerSub`, homed in the region that creates it.
 *
 * @example
 * openAccount({ accountId, ownerSub: 'user-1', currency: 'USD', homeRegion: 'us-east-1', now });
 */
export function openAccount(input: {
  accountId: string;
  ownerSub: string;
  currency: CurrencyCode;
  homeRegion: string;
  now: string;
}): Account {
  return {
    accountId: input.accountId,
    ownerSub: input.ownerSub,
    currency: input.currency,
    balance: 0,
    homeRegion: input.homeRegion,
    createdAt: input.now,
    updatedAt: input.now,
    version: 0,
  };
}

/**
 * Applies a credit or debit to an account, returning the account after it and the immutable
 * transaction record. Pure: the store writes both (and the idempotency record) in one transaction
 * conditioned on `account.version`. Throws 422 for a currency mismatch, a debit below zero or a
 * credit above the largest representable balance.
 *
 * @example
 * const { account: after, transaction } = applyTransaction(account, command, context, now);
 */
export function applyTransaction(
  account: Account,
  command: TransactionCommand,
  context: RequestContext,
  now: string,
): { account: Account; transaction: Transaction } {
  if (command.amount.currency !== account.currency) {
    throw new ProblemError('unprocessable-request', {
      detail: `The account holds ${account.currency}; the amount is in ${command.amount.currency}.`,
    });
  }
  const before = account.balance;
  const after = command.type === 'credit' ? before + command.amount.value : before - command.amount.value;
  if (after < 0) {
    throw new ProblemError('insufficient-funds', {
      detail: 'The debit is larger than the available balance.',
    });
  }
  if (after > MAX_MINOR_UNITS) {
    throw new ProblemError('unprocessable-request', {
      detail: 'The credit would take the balance above the largest amount the ledger can hold.',
    });
  }
  const sequence = account.version + 1;
  if (sequence > MAX_SEQUENCE) {
    throw new ProblemError('unprocessable-request', {
      detail: 'The account has reached its transaction limit.',
    });
  }
  const transaction: Transaction = {
    transactionId: transactionId(account.accountId, sequence),
    accountId: account.accountId,
    ownerSub: account.ownerSub,
    sequence,
    type: command.type,
    amount: { value: command.amount.value, currency: command.amount.currency },
    ...(command.description !== undefined && { description: command.description }),
    ...(command.reference !== undefined && { reference: command.reference }),
    ...(command.counterparty !== undefined && { counterparty: command.counterparty }),
    createdAt: now,
    audit: { ...context, at: now, balanceBefore: before, balanceAfter: after },
  };
  return { account: { ...account, balance: after, version: sequence, updatedAt: now }, transaction };
}

/** What clients see of an account. */
export function accountView(account: Account) {
  return {
    accountId: account.accountId,
    currency: account.currency,
    balance: { value: account.balance, currency: account.currency },
    homeRegion: account.homeRegion,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    version: account.version,
  };
}

/** What clients see of a transaction (the audit's network details stay internal). */
export function transactionView(transaction: Transaction) {
  return {
    transactionId: transaction.transactionId,
    accountId: transaction.accountId,
    type: transaction.type,
    amount: transaction.amount,
    ...(transaction.description !== undefined && { description: transaction.description }),
    ...(transaction.reference !== undefined && { reference: transaction.reference }),
    ...(transaction.counterparty !== undefined && { counterparty: transaction.counterparty }),
    balanceBefore: { value: transaction.audit.balanceBefore, currency: transaction.amount.currency },
    balanceAfter: { value: transaction.audit.balanceAfter, currency: transaction.amount.currency },
    createdAt: transaction.createdAt,
    createdBy: transaction.audit.actor.sub,
  };
}
