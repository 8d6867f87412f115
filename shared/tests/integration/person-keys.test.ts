// The person-keys table on DynamoDB Local: the first key created on demand, two regions racing,
// shredding. Both "regions" use the one DynamoDB Local table (as the ledger's cross-region tests
// do): the state after the global table replicated; the race is both writers finding no key.
import { randomUUID } from 'node:crypto';
import {
  DynamoDbPersonKeyStore,
  personKeyCount,
  personalDataCipher,
  retainPersonKeysUntil,
  shredPersonKeys,
} from '../../src/privacy/person-keys';
import { testTableName } from '../../../tests/support/dynamodb';

const store = () => new DynamoDbPersonKeyStore(testTableName('person-keys'));

describe('person keys on DynamoDB Local', () => {
  it('creates the first key on the first seal, wrapped, and reuses it', async () => {
    const sub = `pk-${randomUUID()}`;
    expect(await personKeyCount(sub)).toBe(0);
    const one = await personalDataCipher().seal(sub, 'description', 'one');
    const two = await personalDataCipher().seal(sub, 'description', 'two');
    expect(await personKeyCount(sub)).toBe(1);
    expect(one.split(':')[2]).toBe(two.split(':')[2]);
    const [key] = await store().keysOf(sub);
    // 12-byte IV + 32-byte key + 16-byte tag: the key only wrapped, never in clear.
    expect(Buffer.from(key!.wrapped)).toHaveLength(60);
  });

  it('two regions racing: every value opens, shredding removes every key, then nothing opens', async () => {
    const sub = `pk-${randomUUID()}`;
    const [a, b] = await Promise.all([
      personalDataCipher({ region: 'us-east-1' }).seal(sub, 'description', 'east'),
      personalDataCipher({ region: 'us-west-2' }).seal(sub, 'description', 'west'),
    ]);
    const count = await personKeyCount(sub);
    expect([1, 2]).toContain(count);
    const reader = personalDataCipher();
    expect(await reader.open(sub, 'description', a)).toBe('east');
    expect(await reader.open(sub, 'description', b)).toBe('west');

    expect(await shredPersonKeys(sub)).toBe(count);
    expect(await personKeyCount(sub)).toBe(0);
    const cold = personalDataCipher();
    expect(await cold.open(sub, 'description', a)).toBeUndefined();
    expect(await cold.open(sub, 'description', b)).toBeUndefined();
    expect(await shredPersonKeys(sub)).toBe(0);
  });

  it('keeps both keys when two writers add one each (no last-writer-wins), and never overwrites one', async () => {
    const sub = `pk-${randomUUID()}`;
    const key = (keyId: string) => ({
      keyId,
      wrapped: new Uint8Array(60),
      createdAt: new Date().toISOString(),
    });
    expect(await Promise.all([store().add(sub, key('k1')), store().add(sub, key('k2'))])).toEqual([
      true,
      true,
    ]);
    expect(await store().add(sub, key('k1'))).toBe(false);
    expect((await store().keysOf(sub)).map((k) => k.keyId).sort()).toEqual(['k1', 'k2']);
  });

  it('sets and clears the retention TTL of every key, and shreds one person without touching another', async () => {
    const [alice, bob] = [`pk-${randomUUID()}`, `pk-${randomUUID()}`];
    await personalDataCipher().seal(alice, 'description', 'a');
    const sealedBob = await personalDataCipher().seal(bob, 'description', 'b');
    const until = new Date('2031-12-04T12:00:00Z');
    expect(await retainPersonKeysUntil(alice, until)).toBe(1);
    expect((await store().keysOf(alice))[0]!.expiresAt).toBe(until.getTime() / 1000);
    expect(await retainPersonKeysUntil(alice, null)).toBe(1);
    expect((await store().keysOf(alice))[0]!.expiresAt).toBeUndefined();

    await shredPersonKeys(alice);
    expect(await personKeyCount(bob)).toBe(1);
    expect(await personalDataCipher().open(bob, 'description', sealedBob)).toBe('b');
  });
});
