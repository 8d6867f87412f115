import { historyCsv } from '../../src/statements/history-csv';
import { entries, parseCsv } from './statements-helpers';

const HEADER = [
  'date',
  'transfer_id',
  'direction',
  'amount',
  'currency',
  'balance_after',
  'counterparty',
  'description',
];

describe('historyCsv', () => {
  it('writes the header and one row per entry that parse back to the entries', () => {
    const list = entries(5);

    const records = parseCsv(historyCsv(list, 'USD'));

    expect(records[0]).toEqual(HEADER);
    expect(records).toHaveLength(6);
    expect(records[1]).toEqual([
      '2026-11-01T09:30:00.000Z',
      'tr_0000',
      'out',
      '12.34',
      'USD',
      '87.66',
      'acc_0',
      'Payment 0',
    ]);
    expect(records[2]).toEqual([
      '2026-11-06T09:30:00.000Z',
      'tr_0001',
      'in',
      '25.00',
      'USD',
      '112.66',
      'acc_1',
      'Payment 1',
    ]);
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and ends every record with CRLF', () => {
    const [entry] = entries(1);
    const tricky = { ...entry!, description: 'Rent, "March"\nsecond line', counterparty: 'a\rb' };

    const text = historyCsv([tricky], 'USD');
    const records = parseCsv(text);

    expect(text.endsWith('\r\n')).toBe(true);
    expect(records[1]?.[7]).toBe('Rent, "March"\nsecond line');
    expect(records[1]?.[6]).toBe('a\rb');
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'defuses a text cell starting with %j',
    (description) => {
      const [entry] = entries(1);

      const record = parseCsv(historyCsv([{ ...entry!, description, counterparty: description }], 'USD'))[1];

      expect(record?.[7]).toBe(`'${description}`);
      expect(record?.[6]).toBe(`'${description}`);
    },
  );

  it('leaves amounts unsigned and negative balances numeric', () => {
    const record = parseCsv(
      historyCsv(
        [
          {
            ...entries(1)[0]!,
            amount: { value: -5, currency: 'BHD' },
            balanceAfter: { value: -1_005, currency: 'BHD' },
          },
        ],
        'BHD',
      ),
    )[1];

    expect(record?.slice(2, 6)).toEqual(['out', '0.005', 'BHD', '-1.005']);
  });

  it('refuses an entry in another currency', () => {
    expect(() => historyCsv(entries(1, 0, 'EUR'), 'USD')).toThrow(/EUR/);
  });
});
