// Sealing a person's fields under their own data key, and what deleting the key (crypto-shredding)
// does to every sealed value: real AES-256-GCM and the local master-key wrapper, keys in memory.
import { randomBytes } from 'node:crypto';
import { keyWrapperFromEnvironment, localKeyWrapper } from '../../../src/privacy/key-wrappers';
import type { PersonKeyStore, WrappedPersonKey } from '../../../src/privacy/personal-data-cipher';
import {
  createPersonalDataCipher,
  KEY_CACHE_MS,
  sealedSubject,
} from '../../../src/privacy/personal-data-cipher';

/** The person-keys table's contract in memory (DynamoDbPersonKeyStore is tested on DynamoDB Local). */
class MemoryKeyStore implements PersonKeyStore {
  readonly keys = new Map<string, WrappedPersonKey[]>();
  reads = 0;
  async keysOf(subject: string) {
    this.reads += 1;
    return [...(this.keys.get(subject) ?? [])];
  }
  async add(subject: string, key: WrappedPersonKey) {
    const list = this.keys.get(subject) ?? [];
    if (list.some((k) => k.keyId === key.keyId)) return false;
    this.keys.set(subject, [...list, key]);
    return true;
  }
  async deleteAll(subject: string) {
    const n = this.keys.get(subject)?.length ?? 0;
    this.keys.delete(subject);
    return n;
  }
}

const setup = (store = new MemoryKeyStore(), masterKey = randomBytes(32)) => {
  let clock = Date.parse('2026-12-04T12:00:00Z');
  let ids = 0;
  const cipher = createPersonalDataCipher({
    store,
    wrapper: localKeyWrapper(masterKey),
    newKeyId: () => `k${(ids += 1)}`,
    now: () => clock,
  });
  return { store, cipher, masterKey, advance: (ms: number) => (clock += ms) };
};

describe('personal data cipher', () => {
  it('seals a value it alone can open, naming its subject and key, never the plaintext', async () => {
    const { cipher, store } = setup();
    const sealed = await cipher.seal('user-1', 'description', 'Rent for May');
    expect(sealed).toMatch(/^pd1:user-1:k1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('Rent');
    expect(sealedSubject(sealed)).toBe('user-1');
    await expect(cipher.open('user-1', 'description', sealed)).resolves.toBe('Rent for May');
    // The stored key is wrapped: 12-byte IV + 32-byte key + 16-byte tag, not the key itself.
    expect(store.keys.get('user-1')![0]!.wrapped).toHaveLength(60);
  });

  it('uses a fresh IV per seal: equal plaintexts give different sealed values', async () => {
    const { cipher } = setup();
    const a = await cipher.seal('user-1', 'description', 'same');
    const b = await cipher.seal('user-1', 'description', 'same');
    expect(a).not.toBe(b);
  });

  it('refuses a value moved to another field or another subject, and a tampered one', async () => {
    const { cipher } = setup();
    const sealed = await cipher.seal('user-1', 'audit.sourceIp', '203.0.113.7');
    await expect(cipher.open('user-1', 'audit.userAgent', sealed)).rejects.toThrow();
    await expect(cipher.open('user-2', 'audit.sourceIp', sealed)).rejects.toThrow(/another subject/);
    const body = sealed.split(':')[3]!;
    const flipped = body.slice(0, 20) + (body[20] === 'A' ? 'B' : 'A') + body.slice(21);
    await expect(cipher.open('user-1', 'audit.sourceIp', sealed.replace(body, flipped))).rejects.toThrow();
    await expect(cipher.open('user-1', 'audit.sourceIp', 'plain text')).rejects.toThrow(/not a sealed value/);
  });

  it('keeps one key per person: later seals reuse it, another person gets their own', async () => {
    const { cipher, store } = setup();
    await cipher.seal('user-1', 'description', 'a');
    await cipher.seal('user-1', 'description', 'b');
    await cipher.seal('user-2', 'description', 'c');
    expect(store.keys.get('user-1')).toHaveLength(1);
    expect(store.keys.get('user-2')).toHaveLength(1);
  });

  it('opens values sealed under either of two keys created by racing regions, and seals with the oldest', async () => {
    const store = new MemoryKeyStore();
    const masterKey = randomBytes(32);
    const east = setup(store, masterKey);
    const west = createPersonalDataCipher({
      store,
      wrapper: localKeyWrapper(masterKey),
      newKeyId: () => 'w1',
      now: () => Date.parse('2026-12-04T12:00:01Z'),
    });
    const [fromEast, fromWest] = await Promise.all([
      east.cipher.seal('user-1', 'description', 'east'),
      west.seal('user-1', 'description', 'west'),
    ]);
    expect(store.keys.get('user-1')).toHaveLength(2);
    const reader = setup(store, masterKey).cipher;
    await expect(reader.open('user-1', 'description', fromEast)).resolves.toBe('east');
    await expect(reader.open('user-1', 'description', fromWest)).resolves.toBe('west');
    expect(await reader.seal('user-1', 'description', 'next')).toMatch(/^pd1:user-1:k1:/);
  });

  it('after the keys are deleted, opens nothing once the cache has expired (the stated bound)', async () => {
    const { cipher, store, advance } = setup();
    const sealed = await cipher.seal('user-1', 'description', 'Rent');
    await store.deleteAll('user-1');
    // A warm container keeps the unwrapped key for KEY_CACHE_MS: docs/privacy.md states this bound.
    await expect(cipher.open('user-1', 'description', sealed)).resolves.toBe('Rent');
    advance(KEY_CACHE_MS);
    await expect(cipher.open('user-1', 'description', sealed)).resolves.toBeUndefined();
    // An erased person's values do not cost a read each: the miss is remembered until expiry.
    const reads = store.reads;
    await expect(cipher.open('user-1', 'description', sealed)).resolves.toBeUndefined();
    expect(store.reads).toBe(reads);
  });

  it('cannot unwrap a key with another master key, nor for another subject', async () => {
    const wrapper = localKeyWrapper(randomBytes(32));
    const { wrapped } = await wrapper.generate('user-1');
    await expect(wrapper.unwrap('user-2', wrapped)).rejects.toThrow();
    await expect(localKeyWrapper(randomBytes(32)).unwrap('user-1', wrapped)).rejects.toThrow();
  });

  it('never uses the public development key inside a Lambda function', () => {
    expect(() => keyWrapperFromEnvironment({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toThrow(
      /PERSON_KEYS_KMS_KEY_ARN is not set/,
    );
    expect(() =>
      keyWrapperFromEnvironment({
        AWS_LAMBDA_FUNCTION_NAME: 'f',
        PERSON_KEYS_KMS_KEY_ARN: '[object Object]',
      }),
    ).toThrow(/not set/);
    expect(() =>
      keyWrapperFromEnvironment({ AWS_LAMBDA_FUNCTION_NAME: 'f', IS_OFFLINE: 'true' }),
    ).not.toThrow();
    expect(() => keyWrapperFromEnvironment({})).not.toThrow();
  });
});
