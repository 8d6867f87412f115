import { createHash } from 'node:crypto';

/** How long a key is remembered (IETF httpapi Idempotency-Key draft / Stripe: 24 hours). */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

/** Printable ASCII, 1-255 characters, no leading/trailing space. */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E](?:[\\x20-\\x7E]{0,253}[\\x21-\\x7E])?$';

/**
 * JSON with object keys sorted at every level, so two bodies that differ only in key order or
 * whitespace have the same fingerprint. Inputs are parsed JSON (no undefined, functions, cycles).
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Fingerprint of a request: SHA-256 over method, path and canonical body. Same key + same
 * fingerprint = a retry (replay); same key + another fingerprint = key reuse (422).
 *
 * @example
 * requestFingerprint('POST', '/accounts/acc_x/transactions', body); // 'sha256:9f2c…'
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const digest = createHash('sha256')
    .update(`${method.toUpperCase()}\n${path}\n${canonicalJson(body)}`)
    .digest('base64url');
  return `sha256:${digest}`;
}

/**
 * Storage id of an idempotency key, scoped to the caller: SHA-256 of sub and key (the raw key is
 * client data of any shape; it never becomes part of a DynamoDB key). The account scope comes from
 * the partition the record lives in.
 *
 * @example
 * idempotencyScope('user-1', 'key-1'); // 'Jd0k…'
 */
export function idempotencyScope(sub: string, key: string): string {
  return createHash('sha256').update(`${sub}\n${key}`).digest('base64url');
}

/** What a first request answered, stored with its fingerprint and replayed to retries. */
export interface StoredResponse {
  statusCode: number;
  location: string;
  /** The response body exactly as first sent (JSON text), so replays are byte-identical. */
  body: string;
}

export interface IdempotencyRecord {
  scope: string;
  fingerprint: string;
  response: StoredResponse;
  createdAt: string;
  /** Epoch seconds (DynamoDB TTL); the record is ignored after this even before TTL deletes it. */
  expiresAt: number;
}

/** True while a record is inside its window (TTL deletion may lag by up to a few days). */
export function isLive(record: IdempotencyRecord, nowSeconds: number): boolean {
  return record.expiresAt > nowSeconds;
}
