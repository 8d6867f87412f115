import type { Entry } from '../../src/history';
import { decodePosition, historyPage, matches, parseHistoryFilter } from '../../src/history';
import type { LedgerlineApi } from '../../src/api/client';

const entry = (
  sequence: number,
  value: number,
  description?: string,
  counterparty = 'acc_bbbbbbbbbbbbbbbbbbbb',
): Entry => ({
  sequence,
  transferId: `tr_${String(sequence).padStart(26, 'a')}`,
  kind: 'p2p',
  amount: { value, currency: 'EUR' },
  balanceAfter: { value: 1000, currency: 'EUR' },
  counterparty,
  ...(description ? { description } : {}),
  at: '2026-11-05T10:00:00.000Z',
});

describe('history filter form', () => {
  it('turns dates into an inclusive UTC range and amounts into minor units', () => {
    const { filter, errors } = parseHistoryFilter(
      { from: '2026-11-01', to: '2026-11-30', direction: 'out', min: '10', max: '20.50', q: ' Rent ' },
      'EUR',
    );
    expect(errors).toEqual({});
    expect(filter).toEqual({
      fromInstant: '2026-11-01T00:00:00.000Z',
      toInstant: '2026-11-30T23:59:59.999Z',
      direction: 'out',
      minMinor: 1000,
      maxMinor: 2050,
      text: 'rent',
    });
  });

  it.each([
    [{ from: '2026-13-01' }, 'from'],
    [{ from: '2026-11-02', to: '2026-11-01' }, 'to'],
    [{ direction: 'sideways' }, 'direction'],
    [{ min: '1.234' }, 'min'],
    [{ min: '-5' }, 'min'],
    [{ min: '30', max: '20' }, 'max'],
    [{ q: 'x'.repeat(101) }, 'q'],
  ])('%j is refused with a message on %s', (query, field) => {
    expect(Object.keys(parseHistoryFilter(query, 'EUR').errors)).toEqual([field]);
  });

  it('matches direction, unsigned amount range and text (description, counterparty)', () => {
    const rent = entry(1, -120_000, 'Rent November');
    const salary = entry(2, 350_000, 'Salary');
    const { filter } = parseHistoryFilter({ direction: 'out', min: '1000', max: '1200', q: 'rent' }, 'EUR');
    expect(matches(rent, filter)).toBe(true);
    expect(matches(salary, filter)).toBe(false);
    expect(matches(entry(3, -120_001, 'Rent'), filter)).toBe(false);
    expect(matches(salary, parseHistoryFilter({ q: 'BBBBB' }, 'EUR').filter)).toBe(true);
    expect(matches(salary, parseHistoryFilter({ direction: 'in' }, 'EUR').filter)).toBe(true);
  });
});

describe('history pages over the API pages', () => {
  // An API of 250 entries, newest first, 100 per page, its cursor the next offset.
  const all = Array.from({ length: 250 }, (_, index) =>
    entry(250 - index, index % 3 === 0 ? -100 : 100, `entry ${250 - index}`),
  );
  const calls: string[] = [];
  const api = {
    GET: async (_path: string, init: { params: { query: { cursor?: string; limit: string } } }) => {
      const start = Number(init.params.query.cursor ?? 0);
      calls.push(String(start));
      const items = all.slice(start, start + Number(init.params.query.limit));
      const next = start + items.length < all.length ? String(start + items.length) : null;
      return { data: { items, nextCursor: next }, response: new Response(null, { status: 200 }) };
    },
  } as unknown as LedgerlineApi;

  it('walks every matching entry exactly once, in order, across API pages and partial pages', async () => {
    const { filter } = parseHistoryFilter({ direction: 'out' }, 'EUR');
    const seen: number[] = [];
    let position = decodePosition(undefined);
    for (let guard = 0; position && guard < 100; guard += 1) {
      const page = await historyPage(api, 'acc_aaaaaaaaaaaaaaaaaaaa', filter, 7, position);
      seen.push(...page.items.map((item) => item.sequence));
      position = page.next ? decodePosition(page.next) : undefined;
    }
    const expected = all.filter((item) => item.amount.value < 0).map((item) => item.sequence);
    expect(seen).toEqual(expected);
  });

  it('refuses a tampered cursor', () => {
    expect(decodePosition('not-json')).toBeUndefined();
    expect(
      decodePosition(Buffer.from(JSON.stringify({ c: null, o: -1 })).toString('base64url')),
    ).toBeUndefined();
  });
});
