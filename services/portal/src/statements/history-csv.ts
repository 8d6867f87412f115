/**
 * An account's history as CSV (RFC 4180, csv-stringify). Cells a spreadsheet would run as a formula
 * (starting with = + - @ tab or CR) are prefixed with `'`; amounts are unsigned with a direction
 * column, so no number cell ever starts with `-`.
 */
import { stringify } from 'csv-stringify/sync';
import type { Schemas } from '../api/client';
import { formatMinor } from '../money';

type Entry = Schemas['Entry'];

export const HISTORY_CSV_HEADER = [
  'date',
  'transfer_id',
  'direction',
  'amount',
  'currency',
  'balance_after',
  'counterparty',
  'description',
] as const;

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Neutralises spreadsheet formula injection (OWASP "CSV injection"); a plain number stays a number. */
export const safeCell = (value: string): string =>
  /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;

export function historyCsvRows(entries: readonly Entry[]): string[][] {
  return entries.map((entry) => [
    entry.at,
    entry.transferId,
    entry.amount.value < 0 ? 'out' : 'in',
    formatMinor(Math.abs(entry.amount.value), entry.amount.currency),
    entry.amount.currency,
    formatMinor(entry.balanceAfter.value, entry.balanceAfter.currency),
    safeCell(entry.counterparty),
    safeCell(entry.description ?? ''),
  ]);
}

export function historyCsv(entries: readonly Entry[]): string {
  return stringify([[...HISTORY_CSV_HEADER], ...historyCsvRows(entries)], { record_delimiter: '\r\n' });
}
