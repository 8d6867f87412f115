import { ISO_3166_ALPHA2 } from './iso3166';

/**
 * The JSON Schema formats of profile data, as pure predicates (unit-tested). The generated
 * validators call them through ../validation-formats.ts; ./formats.ts registers them on Ajv for the
 * generator and tests. No Ajv here: the domain and the handlers import this module.
 */

/** E.164: `+`, a country code not starting with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * True for an E.164 phone number.
 *
 * @example
 * isE164Phone('+14155550100'); // true
 */
export const isE164Phone = (value: string): boolean => E164.test(value);

/** RFC 5646 caps a language tag at no fixed length; 35 covers every registered practical tag. */
const MAX_LOCALE_LENGTH = 35;

/**
 * True for a well-formed BCP 47 language tag (`en`, `en-US`, `zh-Hant-TW`, `de-CH-u-co-phonebk`).
 * Case-insensitive, as BCP 47 is; `canonicalLocale` gives the stored form. Underscores (`en_US`)
 * and grandfathered/private-use-only tags are rejected.
 *
 * @example
 * isBcp47Locale('pt-BR'); // true
 */
export function isBcp47Locale(value: string): boolean {
  if (value.length === 0 || value.length > MAX_LOCALE_LENGTH) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/**
 * The canonical spelling of a valid BCP 47 tag (`EN-us` → `en-US`).
 *
 * @example
 * canonicalLocale('en-us'); // 'en-US'
 */
export const canonicalLocale = (value: string): string => Intl.getCanonicalLocales(value)[0] ?? value;

const CANONICAL_ZONES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('timeZone'));
/** Not in `supportedValuesOf` on every ICU version, but valid IANA names. */
const ALWAYS_VALID_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);
/** Each segment of an IANA name starts upper-case: `America/Argentina/Buenos_Aires`, `Etc/GMT+5`. */
const ZONE_SHAPE = /^[A-Z][A-Za-z0-9_+-]{0,30}(?:\/[A-Z][A-Za-z0-9_+-]{0,30}){0,2}$/;

/**
 * True for an IANA time zone name: a canonical zone of the runtime's ICU, or a link (alias) such
 * as `UTC`, `US/Pacific` or `Asia/Calcutta` that ICU resolves. Offsets (`+01:00`) and mis-cased
 * names (`europe/paris`, which ICU would accept) are rejected.
 *
 * @example
 * isIanaTimeZone('Europe/Paris'); // true
 */
export function isIanaTimeZone(value: string): boolean {
  if (CANONICAL_ZONES.has(value) || ALWAYS_VALID_ZONES.has(value)) return true;
  if (!ZONE_SHAPE.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * True for an officially assigned ISO 3166-1 alpha-2 country code (upper-case).
 *
 * @example
 * isIso3166Country('DE'); // true
 */
export const isIso3166Country = (value: string): boolean => ISO_3166_ALPHA2.has(value);

/** The format names the profile schemas use. */
export const profileFormats = {
  'e164-phone': isE164Phone,
  'bcp47-locale': isBcp47Locale,
  'iana-time-zone': isIanaTimeZone,
  'iso3166-alpha2': isIso3166Country,
} as const;
