/**
 * Money on the page: integer minor units ↔ decimal text in major units, with each currency's ISO 4217
 * exponent (the ledger's own table). Digits are handled as strings: no floating point touches money.
 */
import { ISO_4217_EXPONENTS } from '@ledgerline/transactions/currencies';

export const exponentOf = (currency: string): number => {
  const exponent = (ISO_4217_EXPONENTS as Record<string, number>)[currency];
  if (exponent === undefined) throw new Error(`not an ISO 4217 currency with minor units: ${currency}`);
  return exponent;
};

/**
 * Minor units as major-unit text.
 *
 * @example
 * formatMinor(123456, 'EUR'); // '1234.56'
 * formatMinor(-5, 'USD');     // '-0.05'
 * formatMinor(1235, 'JPY');   // '1235'
 */
export function formatMinor(value: number, currency: string): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer amount of minor units: ${value}`);
  const exponent = exponentOf(currency);
  const digits = String(Math.abs(value)).padStart(exponent + 1, '0');
  const major = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return value < 0 ? `-${major}` : major;
}

export type ParsedAmount = { ok: true; value: number } | { ok: false; message: string };

/**
 * Form input in major units ("10", "10.5", "1,234.50") as minor units; refuses negatives, exponents
 * and more decimals than the currency has, with a message for the form.
 */
export function parseMajor(input: string, currency: string): ParsedAmount {
  const exponent = exponentOf(currency);
  const text = input.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d{1,16})(?:\.(\d+))?$/.exec(text);
  if (!match)
    return {
      ok: false,
      message: `Enter an amount like ${exponent === 0 ? '1250' : `12.${'5'.padEnd(exponent, '0')}`} (digits${exponent > 0 ? ' and a decimal point' : ''} only).`,
    };
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    return {
      ok: false,
      message:
        exponent === 0
          ? `${currency} has no decimal places.`
          : `${currency} has at most ${exponent} decimal place${exponent === 1 ? '' : 's'}.`,
    };
  }
  const minor = BigInt(`${match[1]}${fraction.padEnd(exponent, '0')}`);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: 'That amount is too large.' };
  return { ok: true, value: Number(minor) };
}
