// The revocation store's read of many families at once (a device list), against DynamoDB Local.
import { randomUUID } from 'node:crypto';
import {
  closeTestDocumentClient,
  testDocumentClient,
  testTableName,
} from '../../../../tests/support/dynamodb';
import { DynamoDbRevocationStore } from '../../src/adapters/dynamodb-revocation-store';

afterAll(() => closeTestDocumentClient());

const store = () => new DynamoDbRevocationStore(testDocumentClient(), testTableName('auth'));
const at = new Date('2026-06-01T12:00:00.000Z');
const atSeconds = Math.floor(at.getTime() / 1000);

describe('DynamoDbRevocationStore.recordsForFamilies', () => {
  it('gives each family its own revocation and every family the user’s not-before', async () => {
    const sub = randomUUID();
    const other = randomUUID();
    await store().revokeFamily(sub, 'fam-a', 'device-removed', at);
    await store().revokeFamily(other, 'fam-b', 'logout', at);
    await store().raiseNotBefore(sub, atSeconds + 1, 'logout-all', at);

    const records = await store().recordsForFamilies(sub, ['fam-a', 'fam-b', 'fam-c']);

    expect(Object.fromEntries(records)).toEqual({
      'fam-a': { familyRevokedAt: atSeconds, notBefore: atSeconds + 1 },
      // Revoked for another user only: not this user's record.
      'fam-b': { notBefore: atSeconds + 1 },
      'fam-c': { notBefore: atSeconds + 1 },
    });
  });

  it('reads more families than one BatchGetItem holds (100 keys), duplicates once', async () => {
    const sub = randomUUID();
    const families = Array.from({ length: 150 }, (_, i) => `fam-${i}`);
    for (const family of ['fam-0', 'fam-98', 'fam-99', 'fam-149']) {
      await store().revokeFamily(sub, family, 'device-removed', at);
    }

    const records = await store().recordsForFamilies(sub, [...families, 'fam-149']);

    expect(records.size).toBe(150);
    const revoked = [...records].filter(([, r]) => r.familyRevokedAt !== undefined).map(([f]) => f);
    expect(revoked.sort()).toEqual(['fam-0', 'fam-149', 'fam-98', 'fam-99']);
    expect([...records.values()].every((r) => r.notBefore === undefined)).toBe(true);
  });

  it('answers an empty map for no families, and agrees with recordsFor', async () => {
    const sub = randomUUID();
    await store().revokeFamily(sub, 'fam-x', 'logout', at);

    expect((await store().recordsForFamilies(sub, [])).size).toBe(0);
    expect((await store().recordsForFamilies(sub, ['fam-x'])).get('fam-x')).toEqual(
      await store().recordsFor(sub, 'fam-x'),
    );
  });
});
