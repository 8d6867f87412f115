import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque, tamper-proof pagination cursors: `base64url(JSON position) "." base64url(HMAC-SHA256)`.
 * The MAC covers the position AND a binding string the caller chooses (e.g. account id and caller),
 * so a cursor edited by hand, or replayed on another listing or by another caller, fails
 * verification. Nothing is encrypted: put only what the caller may see (a sort key, not secrets).
 *
 * @example
 * const codec = cursorCodec(key);
 * const cursor = codec.sign({ sk: 'TX#000000000042' }, `acc_1\nuser-1`);
 * codec.verify(cursor, `acc_1\nuser-1`); // { sk: 'TX#000000000042' }
 * codec.verify(cursor, `acc_2\nuser-1`); // undefined
 */
export interface CursorCodec {
  sign(position: unknown, binding: string): string;
  /** The position, or undefined for anything not signed by this key for this binding. */
  verify(cursor: string, binding: string): unknown;
}

/** Longest cursor `verify` looks at (bounds work on hostile input). */
export const MAX_CURSOR_LENGTH = 2048;
const CURSOR_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

export function cursorCodec(key: Buffer): CursorCodec {
  if (key.length < 32) throw new Error('cursor key must be at least 32 bytes');
  const mac = (payload: string, binding: string) =>
    createHmac('sha256', key).update(`ledgerline-cursor-v1\n${binding}\n${payload}`).digest();
  return {
    sign(position, binding) {
      const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
      return `${payload}.${mac(payload, binding).toString('base64url')}`;
    },
    verify(cursor, binding) {
      if (cursor.length > MAX_CURSOR_LENGTH || !CURSOR_PATTERN.test(cursor)) return undefined;
      const [payload, signature] = cursor.split('.') as [string, string];
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload, binding);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}
