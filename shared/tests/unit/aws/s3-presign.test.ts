// Our presigned GetObject URL against the SDK's own presigner, same inputs and signing time: the
// URLs must be identical, character for character (AWS and s3rver then accept both alike).
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { presignedGetUrl } from '../../../src/aws/s3-presign';

const signingDate = new Date('2026-12-04T10:00:00Z');

describe('presignedGetUrl is the SDK presigner’s URL', () => {
  it.each([
    [
      'AWS, session credentials',
      undefined,
      { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 'tok' },
    ],
    ['AWS, long-term keys', undefined, { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' }],
    [
      'a local S3 (path style)',
      'http://127.0.0.1:4569',
      { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    ],
  ])('%s', async (_case, endpoint, credentials) => {
    for (const key of [
      'exports/0d6c3f2e-1b2a-4c5d-8e9f-0a1b2c3d4e5f/7f6e5d4c/export.json',
      "exports/a b/c!d'(e)*/entries.csv",
      'exports/ümlaut/файл.csv',
    ]) {
      for (const [region, expiresIn] of [
        ['us-east-1', 900],
        ['us-west-2', 60],
      ] as const) {
        const client = new S3Client({
          region,
          credentials,
          ...(endpoint && { endpoint, forcePathStyle: true }),
        });
        const sdk = await getSignedUrl(
          client,
          new GetObjectCommand({ Bucket: 'ledgerline-exports-dev', Key: key }),
          { expiresIn, signingDate },
        );
        client.destroy();
        const ours = await presignedGetUrl({
          bucket: 'ledgerline-exports-dev',
          key,
          region,
          expiresIn,
          ...(endpoint && { endpoint }),
          credentials,
          signingDate,
        });
        expect(ours).toBe(sdk);
      }
    }
  });
});
