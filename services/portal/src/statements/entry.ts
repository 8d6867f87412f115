import type { Schemas } from '../api/client';

/** A ledger entry as the transactions API returns it (the OpenAPI `Entry`, generated). */
export type Entry = Schemas['Entry'];

export type Direction = 'in' | 'out';

export const directionOf = (entry: Entry): Direction => (entry.amount.value < 0 ? 'out' : 'in');

/**
 * CSV-injection defence (OWASP "CSV Injection"): a spreadsheet treats a cell starting with = + - @,
 * tab or CR as a formula, so such text cells get a leading apostrophe. Only for text that came from
 * people (descriptions, counterparties, ids); numbers we format ourselves are left alone, because
 * "-12.30" must stay a number for the reader's spreadsheet.
 */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

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
