import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { tracer } from '@ledgerline/shared/tracer';
import type { ExportObjects } from '../ports/export-objects';

/** Where one person's export files live in the exports bucket (one folder per export job below it). */
export const exportPrefixOf = (sub: string): string => `exports/${sub}/`;

/**
 * The export files in the exports bucket (EXPORTS_BUCKET; S3_ENDPOINT locally, the stack's S3
 * emulator). One DeleteObject per object: the role may delete under `exports/*` and list that
 * prefix, nothing else (no DeleteObjects batch permission needed for the few files a person has).
 *
 * @example
 * await S3ExportObjects.fromEnvironment().deleteAllOf(sub);
 */
export class S3ExportObjects implements ExportObjects {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): S3ExportObjects {
    const bucket = env.EXPORTS_BUCKET?.trim();
    if (!bucket) throw new Error('profiles: EXPORTS_BUCKET is required');
    const endpoint = env.S3_ENDPOINT?.trim() || undefined;
    const client = new S3Client({
      region: env.AWS_REGION || 'us-east-1',
      ...(endpoint && {
        endpoint,
        forcePathStyle: true,
        // s3rver checks signatures against its own fixed local key pair.
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
    });
    return new S3ExportObjects(tracer.captureAWSv3Client(client), bucket);
  }

  async deleteAllOf(sub: string): Promise<number> {
    let deleted = 0;
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: exportPrefixOf(sub),
          ContinuationToken: continuationToken,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: object.Key }));
        deleted += 1;
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return deleted;
  }
}
