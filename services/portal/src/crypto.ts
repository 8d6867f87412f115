/**
 * Session tokens and sealed values. The cookie holds a random 256-bit token; the database keeps only
 * its SHA-256, so a copy of the sessions table cannot be replayed. The user's API tokens are sealed
 * (AES-256-GCM) with a key derived from that cookie token: the database alone cannot open them, only
 * a request that presents the cookie can.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

export const newSessionToken = (): string => randomBytes(32).toString('base64url');

export const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const keyFrom = (secret: string, purpose: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'ledgerline-portal', purpose, 32));

/** AES-256-GCM: `v1.<iv>.<ciphertext>.<tag>` (base64url), with the purpose bound as associated data. */
export function seal(secret: string, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret, purpose), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The plaintext, or undefined when the value was not sealed by this secret for this purpose. */
export function open(secret: string, purpose: string, sealed: string): string | undefined {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !body || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

/** A 32-byte key for `purpose`, derived from a configured secret. */
export const hkdfKey = (secret: string, purpose: string): Buffer => keyFrom(secret, purpose);
