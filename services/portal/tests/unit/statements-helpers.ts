import type { Entry } from '../../src/statements/entry';

/**
 * RFC 4180 reader for the tests (csv-parse is not installed): quoted fields with "" escapes and
 * embedded CR/LF, CRLF record ends.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  if (field !== '' || record.length > 0) throw new Error('CSV does not end with CRLF');
  return records;
}

/** `count` entries in November 2026 whose running balances follow from `opening`. */
export function entries(count: number, opening = 10_000, currency = 'USD'): Entry[] {
  let balance = opening;
  return Array.from({ length: count }, (_, index) => {
    const value = index % 3 === 0 ? -1_234 : 2_500;
    balance += value;
    return {
      sequence: index + 1,
      transferId: `tr_${String(index).padStart(4, '0')}`,
      kind: 'transfer',
      amount: { value, currency },
      balanceAfter: { value: balance, currency },
      counterparty: `acc_${index % 7}`,
      description: `Payment ${index}`,
      at: `2026-11-${String(1 + Math.floor((index * 28) / Math.max(count, 1))).padStart(2, '0')}T09:30:00.000Z`,
    };
  });
}
