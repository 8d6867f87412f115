/**
 * The monthly statement: one account, one calendar month (UTC), its entries, opening and closing
 * balance, and a content hash a customer (or support) can quote to prove two copies say the same.
 *
 * The hash covers a canonical serialisation of what the statement states (account, month, every
 * entry, totals) and nothing about when or for whom it was rendered, so the CSV and the PDF of one
 * month carry the same hash, and regenerating next year gives the same hash again.
 */
import { createHash } from 'node:crypto';
import { formatMinor } from '../money';
import { directionOf, type Direction, type Entry } from './entry';

export interface StatementInput {
  account: { accountId: string; currency: string };
  /** YYYY-MM, UTC calendar month. */
  month: string;
  /** The month's entries, ascending by sequence. */
  entries: readonly Entry[];
  /** Balance (minor units) before the month's first entry. */
  openingBalance: number;
  holder: { displayName: string };
  generatedAt: Date;
}

export interface StatementLine {
  sequence: number;
  at: string;
  transferId: string;
  direction: Direction;
  /** Unsigned minor units. */
  amount: number;
  /** Signed minor units. */
  balanceAfter: number;
  counterparty: string;
  description: string;
}

export interface Statement {
  account: { accountId: string; currency: string };
  month: string;
  holder: { displayName: string };
  generatedAt: Date;
  lines: StatementLine[];
  /** Minor units; `in`/`out` unsigned sums, `closing` = opening + in - out. */
  totals: { in: number; out: number; opening: number; closing: number };
  contentHash: `sha256:${string}`;
}

/** Raised when the entries cannot make a truthful statement (wrong month, currency, order, sums). */
export class StatementError extends Error {
  override readonly name = 'StatementError';
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function safeSum(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new StatementError('statements: totals exceed safe integer range');
  return sum;
}

/**
 * @example
 * const statement = buildStatement({ account, month: '2026-11', entries, openingBalance: 10_000,
 *   holder: { displayName: 'Ada' }, generatedAt: new Date() });
 * statement.contentHash; // 'sha256:…'
 */
export function buildStatement(input: StatementInput): Statement {
  const { account, month, entries, openingBalance } = input;
  if (!MONTH.test(month))
    throw new StatementError(`statements: month ${JSON.stringify(month)} is not YYYY-MM`);
  if (!Number.isSafeInteger(openingBalance))
    throw new StatementError('statements: opening balance is not an integer');
  let totalIn = 0;
  let totalOut = 0;
  let previous = 0;
  let balance = openingBalance;
  const lines = entries.map((entry): StatementLine => {
    if (entry.amount.currency !== account.currency || entry.balanceAfter.currency !== account.currency) {
      throw new StatementError(`statements: entry ${entry.sequence} is not in ${account.currency}`);
    }
    if (entry.sequence <= previous) throw new StatementError('statements: entries must ascend by sequence');
    previous = entry.sequence;
    const at = new Date(entry.at);
    if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 7) !== month) {
      throw new StatementError(`statements: entry ${entry.sequence} (${entry.at}) is not in ${month}`);
    }
    const direction = directionOf(entry);
    const amount = Math.abs(entry.amount.value);
    if (direction === 'in') totalIn = safeSum(totalIn, amount);
    else totalOut = safeSum(totalOut, amount);
    // Every entry's running balance must follow from the one before: a statement that does not add up
    // is not issued.
    balance = safeSum(balance, entry.amount.value);
    if (balance !== entry.balanceAfter.value) {
      throw new StatementError(
        `statements: entry ${entry.sequence} balance ${entry.balanceAfter.value} does not follow (expected ${balance})`,
      );
    }
    return {
      sequence: entry.sequence,
      at: at.toISOString(),
      transferId: entry.transferId,
      direction,
      amount,
      balanceAfter: entry.balanceAfter.value,
      counterparty: entry.counterparty,
      description: entry.description ?? '',
    };
  });
  const totals = { in: totalIn, out: totalOut, opening: openingBalance, closing: balance };
  const statement = {
    account: { accountId: account.accountId, currency: account.currency },
    month,
    holder: { displayName: input.holder.displayName },
    generatedAt: input.generatedAt,
    lines,
    totals,
  };
  return { ...statement, contentHash: contentHashOf(statement) };
}

/**
 * sha256 over one JSON array per content line. Arrays of strings and integers serialise the same way
 * on every engine (no key order, no float formatting), and JSON quoting keeps field boundaries
 * unambiguous, so two statements hash equal exactly when every stated field is equal.
 */
export function contentHashOf(statement: Omit<Statement, 'contentHash'>): `sha256:${string}` {
  const { account, month, lines, totals } = statement;
  const canonical = [
    ['ledgerline-statement', 1],
    ['account', account.accountId, account.currency],
    ['month', month],
    ...lines.map((line) => [
      'entry',
      line.sequence,
      line.at,
      line.transferId,
      line.direction,
      line.amount,
      line.balanceAfter,
      line.counterparty,
      line.description,
    ]),
    ['totals', totals.opening, totals.in, totals.out, totals.closing],
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}

/** Major-unit strings for rendering. */
export const major = (statement: Statement, minor: number): string =>
  formatMinor(minor, statement.account.currency);
