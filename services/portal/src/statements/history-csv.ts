/**
 * An account's history (one page or a whole filtered range) as CSV for `/accounts/{id}/history.csv`.
 * RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF.
 */
import { stringify } from 'csv-stringify/sync';
import { formatMinor } from '../money';
import { defuse, directionOf, HISTORY_CSV_HEADER, type Entry } from './entry';

/** One CSV record per entry, in the header's column order; amounts unsigned, direction says which way. */
export function historyRecord(entry: Entry, currency: string): string[] {
  if (entry.amount.currency !== currency || entry.balanceAfter.currency !== currency) {
    throw new RangeError(
      `statements: entry ${entry.sequence} is in ${entry.amount.currency}, the account in ${currency}`,
    );
  }
  return [
    defuse(entry.at),
    defuse(entry.transferId),
    directionOf(entry),
    formatMinor(Math.abs(entry.amount.value), currency),
    currency,
    formatMinor(entry.balanceAfter.value, currency),
    defuse(entry.counterparty),
    defuse(entry.description ?? ''),
  ];
}

/** Shared by the history and statement files so both quote identically. */
export function csvText(records: readonly (readonly string[])[]): string {
  // quoted_match: csv-stringify quotes on its own record delimiter only; a lone CR or LF inside a
  // description must be quoted too or a reader would split the row.
  return stringify(records as string[][], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/**
 * The history CSV: header row, then one row per entry in the order given.
 *
 * @example
 * reply.type('text/csv; charset=utf-8').send(historyCsv(page.items, account.currency));
 */
export function historyCsv(entries: readonly Entry[], currency: string): string {
  return csvText([[...HISTORY_CSV_HEADER], ...entries.map((entry) => historyRecord(entry, currency))]);
}
