import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Crypto-shredding of personal fields (docs/privacy.md, "Erasure"): each data subject has data keys
 * of their own, stored only wrapped (encrypted) by a master key, and every personal field kept in a
 * record that must outlive the person (the ledger: AML) is sealed under one of them. Erasure deletes
 * the subject's keys; every sealed value of that person, in every replica and backup, is then noise.
 *
 * Sealing is AES-256-GCM from node:crypto. The AWS Encryption SDK would add ~1 MB to every bundle
 * and a ~200-byte header per field (a message per value) for what is here one AEAD call: the
 * envelope (the data key wrapped by KMS) is all we take from it, and that is one KMS call.
 */

/**
 * A sealed value: `pd1:<subject>:<keyId>:<base64url(iv | ciphertext | tag)>`. It names its subject, so
 * a copy (an entry repeating its transfer's description) opens without knowing whose it is.
 */
export const SEALED_PREFIX = 'pd1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One data key of a subject: its id, and the key itself wrapped by the master key. */
export interface WrappedPersonKey {
  keyId: string;
  wrapped: Uint8Array;
  createdAt: string;
  /** Epoch seconds: the table's TTL, set while the person holds no open account (AML retention). */
  expiresAt?: number;
}

/** Where the wrapped keys live (the person-keys table): one region's replica. */
export interface PersonKeyStore {
  /** Every wrapped key of `subject` (usually one; two when two regions created one at once). */
  keysOf(subject: string): Promise<WrappedPersonKey[]>;
  /** Stores a new key; false when `keyId` already exists (never overwrites). */
  add(subject: string, key: WrappedPersonKey): Promise<boolean>;
  /** Deletes every key of `subject`; returns how many were deleted. */
  deleteAll(subject: string): Promise<number>;
}

/** The master key: KMS on AWS, a local key offline (key-wrappers.ts). */
export interface KeyWrapper {
  /** A fresh 256-bit data key, in clear and wrapped. */
  generate(subject: string): Promise<{ plaintext: Buffer; wrapped: Uint8Array }>;
  unwrap(subject: string, wrapped: Uint8Array): Promise<Buffer>;
}

/** Seals and opens one personal field of one data subject under that person's data key. */
export interface PersonalDataCipher {
  seal(subject: string, field: string, plaintext: string): Promise<string>;
  /** The plaintext, or undefined once the subject's key is gone (shredded). */
  open(subject: string, field: string, sealed: string): Promise<string | undefined>;
}

/**
 * How long a container keeps a subject's unwrapped keys: the bound, after erasure deletes the keys,
 * during which a warm container could still open that person's fields (docs/privacy.md).
 */
export const KEY_CACHE_MS = 5 * 60 * 1000;

interface CachedKeys {
  keys: Map<string, Buffer>;
  /** The key new seals use (the oldest, so racing creators converge on one). */
  current?: string;
  /** Key ids looked for and not found since this load (shredded): not looked for again until expiry. */
  missing: Set<string>;
  loadedAt: number;
}

const SUBJECT = /^[^:\s]{1,128}$/;

function parseSealed(sealed: string): { subject: string; keyId: string; body: string } {
  const [prefix, subject, keyId, body, extra] = sealed.split(':');
  if (`${prefix}:` !== SEALED_PREFIX || !subject || !keyId || !body || extra !== undefined) {
    throw new Error('personal data: not a sealed value');
  }
  return { subject, keyId, body };
}

/**
 * The subject a sealed value belongs to.
 *
 * @example
 * sealedSubject('pd1:user-1:k1:AAAA'); // 'user-1'
 */
export const sealedSubject = (sealed: string): string => parseSealed(sealed).subject;

const aad = (subject: string, field: string) => Buffer.from(`ledgerline/pd1\n${field}\n${subject}`);

/**
 * The cipher over a key store and a master key, with a per-container cache of unwrapped keys.
 *
 * @example
 * const cipher = createPersonalDataCipher({ store, wrapper, newKeyId: () => randomUUID() });
 * const sealed = await cipher.seal('user-1', 'description', 'Rent');
 * await cipher.open('user-1', 'description', sealed); // 'Rent' (undefined after shredding)
 */
export function createPersonalDataCipher(deps: {
  store: PersonKeyStore;
  wrapper: KeyWrapper;
  newKeyId: () => string;
  now?: () => number;
  cacheMs?: number;
}): PersonalDataCipher & { forget(subject?: string): void } {
  const now = deps.now ?? (() => Date.now());
  const cacheMs = deps.cacheMs ?? KEY_CACHE_MS;
  const cache = new Map<string, CachedKeys>();

  const load = async (subject: string): Promise<CachedKeys> => {
    const hit = cache.get(subject);
    if (hit && now() - hit.loadedAt < cacheMs) return hit;
    const stored = (await deps.store.keysOf(subject)).sort((a, b) =>
      a.createdAt === b.createdAt ? a.keyId.localeCompare(b.keyId) : a.createdAt.localeCompare(b.createdAt),
    );
    const keys = new Map<string, Buffer>();
    for (const key of stored) keys.set(key.keyId, await deps.wrapper.unwrap(subject, key.wrapped));
    const entry: CachedKeys = {
      keys,
      missing: new Set(),
      loadedAt: now(),
      ...(stored[0] && { current: stored[0].keyId }),
    };
    cache.set(subject, entry);
    return entry;
  };

  const currentKey = async (subject: string): Promise<[string, Buffer]> => {
    let entry = await load(subject);
    if (!entry.current) {
      const { plaintext, wrapped } = await deps.wrapper.generate(subject);
      const keyId = deps.newKeyId();
      await deps.store.add(subject, { keyId, wrapped, createdAt: new Date(now()).toISOString() });
      cache.delete(subject);
      entry = await load(subject);
      // Another writer's key may be older and win as current; ours stays valid for what it seals.
      if (!entry.current) {
        entry = { keys: new Map([[keyId, plaintext]]), current: keyId, missing: new Set(), loadedAt: now() };
        cache.set(subject, entry);
      }
    }
    return [entry.current!, entry.keys.get(entry.current!)!];
  };

  return {
    async seal(subject, field, plaintext) {
      if (!SUBJECT.test(subject)) throw new Error('personal data: a subject is an id without colons');
      const [keyId, key] = await currentKey(subject);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(subject, field));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
      return `${SEALED_PREFIX}${subject}:${keyId}:${sealed}`;
    },
    async open(subject, field, sealed) {
      const parts = parseSealed(sealed);
      if (parts.subject !== subject) throw new Error('personal data: sealed for another subject');
      const { keyId } = parts;
      const bytes = Buffer.from(parts.body, 'base64url');
      const entry = await load(subject);
      let key = entry.keys.get(keyId);
      if (!key && !entry.missing.has(keyId)) {
        // A key created in the other region may not have been in our cache yet: look once more.
        cache.delete(subject);
        const reloaded = await load(subject);
        key = reloaded.keys.get(keyId);
        if (!key) reloaded.missing.add(keyId);
      }
      if (!key) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(aad(subject, field));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
    forget(subject) {
      if (subject === undefined) cache.clear();
      else cache.delete(subject);
    },
  };
}
