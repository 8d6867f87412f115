import { formatMinor, parseMajor } from '../../src/money';

describe('formatMinor', () => {
  it.each([
    [123456, 'USD', '1234.56'],
    [-5, 'USD', '-0.05'],
    [0, 'USD', '0.00'],
    [7, 'EUR', '0.07'],
    [1235, 'JPY', '1235'],
    [-1235, 'JPY', '-1235'],
    [1, 'BHD', '0.001'],
    [1234567, 'BHD', '1234.567'],
    [12345, 'CLF', '1.2345'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
    [-Number.MAX_SAFE_INTEGER, 'JPY', '-9007199254740991'],
  ])('%d %s -> %s', (value, currency, expected) => {
    expect(formatMinor(value, currency)).toBe(expected);
  });

  it('rejects fractions, unsafe integers and unknown currencies', () => {
    expect(() => formatMinor(1.5, 'USD')).toThrow(RangeError);
    expect(() => formatMinor(Number.MAX_SAFE_INTEGER + 1, 'USD')).toThrow(RangeError);
    expect(() => formatMinor(1, 'XAU')).toThrow(/unknown currency/);
  });
});

describe('parseMajor', () => {
  it.each([
    ['10', 'USD', 1000],
    ['10.5', 'USD', 1050],
    ['10.50', 'USD', 1050],
    [' 0.01 ', 'USD', 1],
    ['0', 'USD', 0],
    ['1235', 'JPY', 1235],
    ['1.234', 'BHD', 1234],
    ['1.2', 'BHD', 1200],
    ['90071992547409.91', 'USD', Number.MAX_SAFE_INTEGER],
    ['9007199254740991', 'JPY', Number.MAX_SAFE_INTEGER],
  ])('%j %s -> %d', (input, currency, value) => {
    expect(parseMajor(input, currency)).toEqual({ ok: true, value });
  });

  it.each([
    ['10.555', 'USD', /at most 2 decimal places/],
    ['10.5', 'JPY', /no decimal places/],
    ['1.2345', 'BHD', /at most 3 decimal places/],
    ['-1', 'USD', /without a sign/],
    ['+1', 'USD', /digits/],
    ['1e3', 'USD', /digits/],
    ['1,000', 'USD', /digits/],
    ['.5', 'USD', /digits/],
    ['10.', 'USD', /digits/],
    ['', 'USD', /Enter an amount/],
    ['abc', 'JPY', /whole amount/],
    ['90071992547409.92', 'USD', /too large/],
    ['99999999999999999999999', 'JPY', /too large/],
    ['1', 'XAU', /not a supported currency/],
  ])('%j %s is rejected', (input, currency, message) => {
    const result = parseMajor(input, currency);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('round-trips through formatMinor', () => {
    for (const [value, currency] of [
      [123456, 'USD'],
      [1, 'BHD'],
      [1235, 'JPY'],
      [98765, 'CLF'],
    ] as const) {
      expect(parseMajor(formatMinor(value, currency), currency)).toEqual({ ok: true, value });
    }
  });
});
