/**
 * Money for the portal's pages and files: minor units (integers, as the API sends them) to the major
 * units a person reads, and form input back to minor units. Both directions work on digit strings,
 * never on floats, so "0.1 + 0.2" never reaches a balance. Exponents come from the ledger's own
 * ISO 4217 table, so the portal can never disagree with the ledger about how many decimals a
 * currency has.
 *
 * @example
 * formatMinor(123456, 'USD'); // "1234.56"
 * parseMajor('10.5', 'USD');  // { ok: true, value: 1050 }
 */
import { ISO_4217_EXPONENTS } from '@ledgerline/transactions/currencies';

export type ParseMajorResult = { ok: true; value: number } | { ok: false; message: string };

/** The currency's minor-unit exponent, or undefined when the ledger cannot hold it. */
export function exponentOf(currency: string): number | undefined {
  return Object.hasOwn(ISO_4217_EXPONENTS, currency)
    ? ISO_4217_EXPONENTS[currency as keyof typeof ISO_4217_EXPONENTS]
    : undefined;
}

function requireExponent(currency: string): number {
  const exponent = exponentOf(currency);
  if (exponent === undefined) throw new RangeError(`money: unknown currency ${JSON.stringify(currency)}`);
  return exponent;
}

/**
 * Minor units as a plain decimal string in major units: no grouping, "-" for negatives, exactly the
 * currency's number of decimals ("1234.56", "-0.05", JPY "1235").
 */
export function formatMinor(value: number, currency: string): string {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`money: ${value} is not a safe integer of minor units`);
  const exponent = requireExponent(currency);
  // String() of a safe integer is plain digits (exponent notation starts at 1e21).
  const digits = String(Math.abs(value)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${value < 0 ? '-' : ''}${whole}${fraction}`;
}

const MAJOR = /^(\d+)(?:\.(\d+))?$/;

/**
 * A non-negative amount typed into a form ("10", "10.5", "10.50") as minor units. Rejects signs,
 * exponents, grouping separators, more decimals than the currency has and amounts beyond
 * Number.MAX_SAFE_INTEGER minor units, each with a message fit to show beside the field.
 */
export function parseMajor(input: string, currency: string): ParseMajorResult {
  const exponent = exponentOf(currency);
  if (exponent === undefined) return { ok: false, message: `${currency} is not a supported currency.` };
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter an amount.' };
  if (text.startsWith('-')) return { ok: false, message: 'Enter an amount of zero or more, without a sign.' };
  const match = MAJOR.exec(text);
  if (!match) {
    return {
      ok: false,
      message:
        exponent > 0
          ? `Enter an amount in ${currency} using digits and an optional "." (for example 10.${'5'.padEnd(exponent, '0')}).`
          : `Enter a whole amount in ${currency} using digits only (for example 10).`,
    };
  }
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    return {
      ok: false,
      message:
        exponent === 0
          ? `${currency} has no decimal places: enter a whole amount.`
          : `${currency} has at most ${exponent} decimal place${exponent === 1 ? '' : 's'}.`,
    };
  }
  // BigInt keeps every digit exact until we know the result fits a safe integer.
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: 'That amount is too large.' };
  return { ok: true, value: Number(minor) };
}
