import { inflateSync } from 'node:zlib';
import { buildStatement, StatementError, type StatementInput } from '../../src/statements/statement';
import { statementCsv } from '../../src/statements/statement-csv';
import { statementPdf } from '../../src/statements/statement-pdf';
import { entries, parseCsv } from './statements-helpers';

function input(overrides: Partial<StatementInput> = {}): StatementInput {
  return {
    account: { accountId: 'acc_01', currency: 'USD' },
    month: '2026-11',
    entries: entries(10),
    openingBalance: 10_000,
    holder: { displayName: 'Ada Lovelace' },
    generatedAt: new Date('2026-12-01T00:00:00.000Z'),
    ...overrides,
  };
}

/** The text a PDF shows: pdfkit writes each run as hex strings inside TJ arrays, split at kerning. */
function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  // Page content streams may be deflated: inflate every stream that is.
  const streams = [...raw.matchAll(/<<([^]*?)>>\s*stream\r?\n([^]*?)\r?\nendstream/g)].map(
    ([, dict, body]) =>
      dict!.includes('/FlateDecode') ? inflateSync(Buffer.from(body!, 'latin1')).toString('latin1') : body!,
  );
  return streams.flatMap((stream) =>
    [...stream.matchAll(/\[([^\]]*)\]\s*TJ/g)].map(([, array]) =>
      [...array!.matchAll(/<([0-9a-f]*)>/g)]
        .map(([, hex]) => Buffer.from(hex!, 'hex').toString('latin1'))
        .join(''),
    ),
  );
}

const pageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

describe('buildStatement', () => {
  it('totals the month: in, out, opening and closing', () => {
    const statement = buildStatement(input());

    // 10 entries: indexes 0,3,6,9 are out (-12.34), six are in (+25.00).
    expect(statement.totals).toEqual({ opening: 10_000, in: 15_000, out: 4_936, closing: 20_064 });
    expect(statement.lines).toHaveLength(10);
    expect(statement.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('hashes equal content equally, whenever and for whomever it is generated', () => {
    const a = buildStatement(input());
    const b = buildStatement(
      input({ generatedAt: new Date('2027-06-30T12:00:00Z'), holder: { displayName: 'A. L.' } }),
    );

    expect(b.contentHash).toBe(a.contentHash);
  });

  it('changes the hash when one entry differs by one cent', () => {
    const list = entries(10);
    const changed = entries(10).map((entry, index) =>
      index < 4
        ? entry
        : {
            ...entry,
            amount: index === 4 ? { ...entry.amount, value: entry.amount.value + 1 } : entry.amount,
            balanceAfter: { ...entry.balanceAfter, value: entry.balanceAfter.value + 1 },
          },
    );

    expect(buildStatement(input({ entries: changed })).contentHash).not.toBe(
      buildStatement(input({ entries: list })).contentHash,
    );
  });

  it.each([
    ['another account', { account: { accountId: 'acc_02', currency: 'USD' } }],
    ['another month', { month: '2026-10', entries: [] }],
    [
      'another description',
      { entries: entries(10).map((e, i) => (i === 9 ? { ...e, description: 'Payment 9.' } : e)) },
    ],
  ])('changes the hash for %s', (_, overrides) => {
    expect(buildStatement(input(overrides)).contentHash).not.toBe(buildStatement(input()).contentHash);
  });

  it('refuses entries that do not make a truthful statement', () => {
    const list = entries(3);
    expect(() => buildStatement(input({ entries: list, openingBalance: 9_999 }))).toThrow(StatementError);
    expect(() => buildStatement(input({ entries: list.map((e, i) => ({ ...e, sequence: 3 - i })) }))).toThrow(
      /ascend/,
    );
    expect(() => buildStatement(input({ entries: list, month: '2026-12' }))).toThrow(/not in 2026-12/);
    expect(() => buildStatement(input({ month: '2026-13' }))).toThrow(/YYYY-MM/);
    expect(() => buildStatement(input({ entries: entries(3, 10_000, 'EUR') }))).toThrow(/not in USD/);
  });
});

describe('statementCsv', () => {
  it('writes the rows and a content-hash footer', () => {
    const statement = buildStatement(input());

    const records = parseCsv(statementCsv(statement));

    expect(records[0]?.[0]).toBe('date');
    expect(records).toHaveLength(12);
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
    expect(records[11]).toEqual(['# content-hash', statement.contentHash]);
  });
});

describe('statementPdf', () => {
  it('is a PDF that states the account, the balances and the hash', async () => {
    const statement = buildStatement(input());

    const pdf = await statementPdf(statement, { compress: false });
    const text = pdfText(pdf);

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toEqual(
      expect.arrayContaining([
        'Account: acc_01 (USD)',
        'Period: 2026-11',
        'Opening balance: 100.00 USD',
        'Closing balance: 200.64 USD',
        `${statement.contentHash}   Page 1 of 1`,
      ]),
    );
  });

  it('breaks 200 entries over several pages, hash on each, and the same statement gives the same bytes', async () => {
    const statement = buildStatement(input({ entries: entries(200) }));

    const pdf = await statementPdf(statement);
    const again = await statementPdf(statement);
    const text = pdfText(pdf);
    const pages = pageCount(pdf);

    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page += 1) {
      expect(text).toContain(`${statement.contentHash}   Page ${page} of ${pages}`);
    }
    expect(text.filter((run) => run === 'Balance')).toHaveLength(pages);
    expect(text).toContain('acc_3 - Payment 199');
    expect(again.equals(pdf)).toBe(true);
  });
});
