/**
 * PII and secret redaction for log output. Powertools Logger has no redaction of its own, and
 * path-based redactors (e.g. pino's fast-redact) cannot catch an email inside a message or an
 * error string, so this small JSON replacer does both: it blanks values under sensitive keys and
 * masks sensitive patterns inside any string. Names have no pattern: they are caught by key only,
 * so never log a name inside free text.
 */
export const REDACTED = '[REDACTED]';

// Keys are compared lower-cased without separators. Generic keys such as `name` or `code` are left
// out on purpose: they label error objects and codes we need in logs.
const SENSITIVE_KEYS = new Set([
  'authorization',
  'cookie',
  'setcookie',
  'password',
  'newpassword',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'idtoken',
  'refreshtoken',
  'pushtoken',
  'apikey',
  'xapikey',
  'xoriginverify',
  'sessiontoken',
  'confirmationcode',
  // A sign-in's token family (Cognito origin_jti): identifies the session bearer tokens belong to.
  'tokenfamily',
  'originjti',
  // TOTP MFA (auth service): the authenticator secret, its otpauth:// URI, codes and challenge sessions.
  'secretcode',
  'otpauthuri',
  'usercode',
  'softwaretokenmfacode',
  'challengesession',
  'email',
  'emailaddress',
  'phone',
  'phonenumber',
  'mobile',
  'firstname',
  'lastname',
  'givenname',
  'familyname',
  'middlename',
  'displayname',
  'fullname',
  'nickname',
  'username',
  'address',
  'streetaddress',
  'birthdate',
  'dateofbirth',
  'cardnumber',
  'pan',
  'cvv',
  'iban',
  'ssn',
  'taxid',
]);

const normaliseKey = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

// Log lines repeat the same few keys; remember which are sensitive instead of normalising each key
// on every line. Bounded: keys from arbitrary objects cannot grow it without limit.
const MAX_REMEMBERED_KEYS = 2_000;
const sensitiveByKey = new Map<string, boolean>();
function isSensitiveKey(key: string): boolean {
  let sensitive = sensitiveByKey.get(key);
  if (sensitive === undefined) {
    sensitive = SENSITIVE_KEYS.has(normaliseKey(key));
    if (sensitiveByKey.size < MAX_REMEMBERED_KEYS) sensitiveByKey.set(key, sensitive);
  }
  return sensitive;
}

const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[\w\-.~+/=]+/gi;
const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+/g;
const PHONE = /\+[1-9](?:[\s.-]?\d){7,14}\b/g;
const CARD_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;
const MIGHT_HOLD_PII = /@|eyJ|bearer|basic|\+[1-9]|\d(?:[ -]?\d){12}/i;

/** Luhn check, so that long ids and timestamps are not taken for card numbers. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Masks tokens, emails, phone numbers and card-like numbers inside a string.
 *
 * @example
 * redactString('mail ana@example.com'); // 'mail [REDACTED:email]'
 */
export function redactString(value: string): string {
  // Fast path: one pass that every match of the patterns below must contain (an `@` for an email,
  // `eyJ` for a JWT, the scheme word for credentials, `+` and a digit for a phone, 13 digits for a
  // card), so skipping the rest when it fails changes nothing. Ids and timestamps (short digit runs)
  // no longer take the slow path.
  if (!MIGHT_HOLD_PII.test(value)) return value;
  return value
    .replace(JWT, '[REDACTED:jwt]')
    .replace(BEARER, '$1 [REDACTED]')
    .replace(EMAIL, '[REDACTED:email]')
    .replace(PHONE, '[REDACTED:phone]')
    .replace(CARD_LIKE, (match) => (passesLuhn(match.replace(/\D/g, '')) ? '[REDACTED:card]' : match));
}

/**
 * A `JSON.stringify` replacer that redacts by key and by value pattern.
 *
 * @example
 * JSON.stringify({ email: 'a@b.co', note: 'call +14155550100' }, redactingReplacer);
 * // '{"email":"[REDACTED]","note":"call [REDACTED:phone]"}'
 */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && value !== null && value !== undefined && isSensitiveKey(key)) {
    return REDACTED;
  }
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message) };
  }
  return value;
}
