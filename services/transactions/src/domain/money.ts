import { ISO_4217_EXPONENTS } from './currencies';

export type CurrencyCode = keyof typeof ISO_4217_EXPONENTS;

/**
 * An amount of money: an integer count of minor units (cents for USD, yen for JPY, fils for KWD)
 * and an ISO 4217 currency. `{ value: 12345, currency: 'USD' }` is USD 123.45. No floats anywhere.
 */
export interface Money {
  value: number;
  currency: CurrencyCode;
}

/** Every accepted currency code, sorted (the JSON Schema `enum`). */
export const CURRENCY_CODES = Object.keys(ISO_4217_EXPONENTS).sort() as CurrencyCode[];

/**
 * Largest amount (and balance) in minor units: 2^53 - 1, the largest integer a JSON number survives
 * JavaScript parsing exactly. Above it, `9007199254740993` would silently become `...992`.
 */
export const MAX_MINOR_UNITS = Number.MAX_SAFE_INTEGER;

/**
 * True when `code` is a current ISO 4217 currency an account can hold.
 *
 * @example
 * isCurrencyCode('USD'); // true
 * isCurrencyCode('XAU'); // false (no minor unit)
 */
export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && Object.hasOwn(ISO_4217_EXPONENTS, code);
}

/**
 * Minor-unit exponent of a currency (2 for USD, 0 for JPY, 3 for KWD, 4 for CLF).
 *
 * @example
 * exponentOf('KWD'); // 3
 */
export function exponentOf(currency: CurrencyCode): number {
  return ISO_4217_EXPONENTS[currency];
}

/**
 * True for a positive amount of minor units that stays exact in JavaScript and JSON.
 *
 * @example
 * isValidAmount(12345); // true
 * isValidAmount(1.5); // false
 */
export function isValidAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * Decimal rendering for humans and logs, exact (string arithmetic, no floats).
 *
 * @example
 * formatMoney({ value: 12345, currency: 'USD' }); // 'USD 123.45'
 * formatMoney({ value: 5, currency: 'KWD' }); // 'KWD 0.005'
 */
export function formatMoney(money: Money): string {
  const exponent = exponentOf(money.currency);
  const sign = money.value < 0 ? '-' : '';
  const digits = String(Math.abs(money.value)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${money.currency} ${sign}${whole}${fraction}`;
}

/** JSON Schema of a request amount: a positive safe integer of minor units and a known currency. */
export const moneySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'currency'],
  properties: {
    value: { type: 'integer', minimum: 1, maximum: MAX_MINOR_UNITS },
    currency: { type: 'string', enum: CURRENCY_CODES },
  },
} as const;
