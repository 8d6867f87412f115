import type { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ExportFiles } from '../ports/export-files';
import { S3ExportLinks } from './s3-export-links';

/** Multipart part size: S3's minimum, so at most ~2 parts of one file are ever in memory. */
const PART_SIZE = 5 * 1024 * 1024;

/**
 * The exports bucket on S3: uploads are streamed (lib-storage multipart, one part in flight),
 * encrypted with the exports CMK (SSE-KMS) when EXPORTS_KMS_KEY_ARN is set (always on AWS; the
 * local s3rver has no KMS). Locally S3_ENDPOINT points at s3rver (path-style addressing).
 *
 * @example
 * const files = S3ExportFiles.fromEnvironment();
 */
export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly links: Pick<ExportFiles, 'linkTo'>,
    private readonly kmsKeyId?: string,
  ) {}

  /** From EXPORTS_BUCKET, EXPORTS_KMS_KEY_ARN, S3_ENDPOINT (local only). */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): S3ExportFiles {
    const bucket = env.EXPORTS_BUCKET?.trim();
    if (!bucket) throw new Error('profiles: EXPORTS_BUCKET is required');
    const endpoint = env.S3_ENDPOINT?.trim() || undefined;
    const client = new S3Client({
      region: env.AWS_REGION,
      ...(endpoint && {
        endpoint,
        forcePathStyle: true,
        // s3rver checks signatures against its own fixed local key pair.
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
    });
    return new S3ExportFiles(
      client,
      bucket,
      S3ExportLinks.fromEnvironment(env),
      env.EXPORTS_KMS_KEY_ARN?.trim() || undefined,
    );
  }

  async write(key: string, body: Readable, contentType: string): Promise<void> {
    await new Upload({
      client: this.client,
      partSize: PART_SIZE,
      queueSize: 1,
      leavePartsOnError: false,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ...(this.kmsKeyId && { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.kmsKeyId }),
      },
    }).done();
  }

  linkTo(key: string, seconds: number): Promise<string> {
    return this.links.linkTo(key, seconds);
  }
}
