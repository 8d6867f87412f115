// The authorizer's signed-request read of the revocation records answers exactly what the store's
// SDK read answers, against DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { AwsJsonRpcClient } from '@ledgerline/shared/aws/json-rpc-client';
import {
  closeTestDocumentClient,
  testDocumentClient,
  testTableName,
} from '../../../../tests/support/dynamodb';
import { DynamoDbRevocationStore } from '../../src/adapters/dynamodb-revocation-store';
import { SignedRequestRevocationReader } from '../../src/adapters/signed-request-revocation-reader';

afterAll(() => closeTestDocumentClient());

const client = () =>
  new AwsJsonRpcClient({
    service: 'dynamodb',
    region: 'us-east-1',
    endpoint: process.env.DYNAMODB_ENDPOINT!,
    maxAttempts: 2,
    attemptTimeoutMs: 2_000,
    fallbackCredentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
const store = () => new DynamoDbRevocationStore(testDocumentClient(), testTableName('auth'));
const reader = () => new SignedRequestRevocationReader(client(), testTableName('auth'));
const at = new Date('2026-06-01T12:00:00.000Z');
const atSeconds = Math.floor(at.getTime() / 1000);

describe('SignedRequestRevocationReader.recordsFor', () => {
  it.each([
    ['no record', async () => undefined, {}],
    [
      'a revoked family',
      async (sub: string) => store().revokeFamily(sub, 'fam', 'logout', at),
      { familyRevokedAt: atSeconds },
    ],
    [
      'a not-before',
      async (sub: string) => store().raiseNotBefore(sub, atSeconds + 5, 'logout-all', at),
      { notBefore: atSeconds + 5 },
    ],
    [
      'both, and another family revoked',
      async (sub: string) => {
        await store().revokeFamily(sub, 'fam', 'device-removed', at);
        await store().revokeFamily(sub, 'other', 'logout', at);
        await store().raiseNotBefore(sub, atSeconds + 7, 'locked', at);
      },
      { familyRevokedAt: atSeconds, notBefore: atSeconds + 7 },
    ],
  ])('%s: the same records as the store', async (_case, arrange, expected) => {
    const sub = randomUUID();
    await arrange(sub);
    const read = await reader().recordsFor(sub, 'fam');
    expect(read).toEqual(expected);
    expect(read).toEqual(await store().recordsFor(sub, 'fam'));
  });

  it('fails, naming the error, when the table does not exist (never "no record")', async () => {
    const missing = new SignedRequestRevocationReader(client(), `missing-${randomUUID()}`);
    await expect(missing.recordsFor(randomUUID(), 'fam')).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      status: 400,
    });
  });
});
