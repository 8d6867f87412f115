/**
 * An account's history as the portal shows it: the API's entries (newest first, optionally within a
 * time range) filtered here by direction, amount range and text, which the API does not offer. The
 * portal's cursor is the API's cursor plus an offset into that page, so a page that is cut short by
 * the filter resumes exactly where it stopped.
 */
import type { LedgerlineApi } from './api/client';
import { apiCall } from './context';
import { parseMajor } from './money';

export type { Entry } from './statements/entry';
import type { Entry } from './statements/entry';

export interface HistoryQuery {
  from?: string;
  to?: string;
  direction?: string;
  min?: string;
  max?: string;
  q?: string;
  cursor?: string;
}

export interface HistoryFilter {
  /** Inclusive ISO instants for the API (`from` at 00:00:00Z, `to` at 23:59:59.999Z). */
  fromInstant?: string;
  toInstant?: string;
  direction: 'any' | 'in' | 'out';
  minMinor?: number;
  maxMinor?: number;
  text?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** API pages read per portal page at most, so a filter that matches nothing cannot scan a whole ledger in one request. */
export const MAX_API_PAGES_PER_REQUEST = 20;
const API_PAGE_SIZE = 100;

const validDate = (value: string) => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** Parses the filter form; `errors` holds a message per field (the form shows them beside it). */
export function parseHistoryFilter(
  query: HistoryQuery,
  currency: string,
): { filter: HistoryFilter; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const filter: HistoryFilter = { direction: 'any' };
  if (query.from) {
    if (validDate(query.from)) filter.fromInstant = `${query.from}T00:00:00.000Z`;
    else errors.from = 'Enter a date as YYYY-MM-DD.';
  }
  if (query.to) {
    if (validDate(query.to)) filter.toInstant = `${query.to}T23:59:59.999Z`;
    else errors.to = 'Enter a date as YYYY-MM-DD.';
  }
  if (filter.fromInstant && filter.toInstant && filter.fromInstant > filter.toInstant)
    errors.to = 'The end date is before the start date.';
  if (query.direction && query.direction !== 'any') {
    if (query.direction === 'in' || query.direction === 'out') filter.direction = query.direction;
    else errors.direction = 'Choose money in, money out or both.';
  }
  for (const field of ['min', 'max'] as const) {
    const raw = query[field]?.trim();
    if (!raw) continue;
    const parsed = parseMajor(raw, currency);
    if (parsed.ok) filter[field === 'min' ? 'minMinor' : 'maxMinor'] = parsed.value;
    else errors[field] = parsed.message;
  }
  if (filter.minMinor !== undefined && filter.maxMinor !== undefined && filter.minMinor > filter.maxMinor)
    errors.max = 'The maximum is below the minimum.';
  const text = query.q?.trim();
  if (text) {
    if (text.length > 100) errors.q = 'Search for at most 100 characters.';
    else filter.text = text.toLocaleLowerCase('en');
  }
  return { filter, errors };
}

/** Whether an entry passes the filter's direction, amount (unsigned) and text conditions. */
export function matches(entry: Entry, filter: HistoryFilter): boolean {
  const value = entry.amount.value;
  if (filter.direction === 'in' && value < 0) return false;
  if (filter.direction === 'out' && value > 0) return false;
  const magnitude = Math.abs(value);
  if (filter.minMinor !== undefined && magnitude < filter.minMinor) return false;
  if (filter.maxMinor !== undefined && magnitude > filter.maxMinor) return false;
  if (filter.text) {
    const haystack =
      `${entry.description ?? ''}\n${entry.counterparty}\n${entry.transferId}`.toLocaleLowerCase('en');
    if (!haystack.includes(filter.text)) return false;
  }
  return true;
}

interface Position {
  c: string | null;
  o: number;
}

const encodePosition = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');

export function decodePosition(cursor: string | undefined): Position | undefined {
  if (!cursor) return { c: null, o: 0 };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (
      (parsed.c === null || typeof parsed.c === 'string') &&
      Number.isInteger(parsed.o) &&
      parsed.o >= 0 &&
      parsed.o < API_PAGE_SIZE
    )
      return parsed;
  } catch {
    // fall through: a tampered cursor is a bad request, not a crash
  }
  return undefined;
}

/**
 * One page of matching entries starting at `cursor`, and the cursor of the next page (undefined at
 * the end).
 */
export async function historyPage(
  api: LedgerlineApi,
  accountId: string,
  filter: HistoryFilter,
  pageSize: number,
  start: Position,
): Promise<{ items: Entry[]; next?: string }> {
  const items: Entry[] = [];
  let position = start;
  for (let pages = 0; pages < MAX_API_PAGES_PER_REQUEST; pages += 1) {
    const query = {
      limit: String(API_PAGE_SIZE),
      ...(position.c ? { cursor: position.c } : {}),
      ...(filter.fromInstant ? { from: filter.fromInstant } : {}),
      ...(filter.toInstant ? { to: filter.toInstant } : {}),
    };
    const result = await apiCall('transactions.listEntries', () =>
      api.GET('/accounts/{accountId}/entries', { params: { path: { accountId }, query } }),
    );
    if (!result.ok) break;
    const page = result.data.items;
    for (let index = position.o; index < page.length; index += 1) {
      const entry = page[index] as Entry;
      if (!matches(entry, filter)) continue;
      items.push(entry);
      if (items.length === pageSize) {
        const more = index + 1 < page.length;
        if (more) return { items, next: encodePosition({ c: position.c, o: index + 1 }) };
        return result.data.nextCursor
          ? { items, next: encodePosition({ c: result.data.nextCursor, o: 0 }) }
          : { items };
      }
    }
    if (!result.data.nextCursor) return { items };
    position = { c: result.data.nextCursor, o: 0 };
  }
  return { items, next: encodePosition(position) };
}

/** Every matching entry (CSV download, statements), page by page. */
export async function* allEntries(
  api: LedgerlineApi,
  accountId: string,
  filter: HistoryFilter,
): AsyncGenerator<Entry> {
  let position: Position = { c: null, o: 0 };
  for (;;) {
    const page = await historyPage(api, accountId, filter, API_PAGE_SIZE, position);
    yield* page.items;
    const next = page.next && decodePosition(page.next);
    if (!next) return;
    position = next;
  }
}
