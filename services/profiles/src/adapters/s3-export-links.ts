import { presignedGetUrl } from '@ledgerline/shared/aws/s3-presign';
import type { ExportFiles } from '../ports/export-files';

/** s3rver (the local stack's S3) checks signatures against its own fixed key pair. */
const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * Download links to the export files (EXPORTS_BUCKET; S3_ENDPOINT locally, path-style): presigned
 * GetObject URLs made without the S3 client (`presignedGetUrl`), so GET /me/exports/{id} does not
 * carry it. The same URLs the SDK's presigner makes.
 *
 * @example
 * const url = await S3ExportLinks.fromEnvironment().linkTo(key, 900);
 */
export class S3ExportLinks implements Pick<ExportFiles, 'linkTo'> {
  constructor(
    private readonly bucket: string,
    private readonly region: string,
    private readonly endpoint?: string,
  ) {}

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): S3ExportLinks {
    const bucket = env.EXPORTS_BUCKET?.trim();
    if (!bucket) throw new Error('profiles: EXPORTS_BUCKET is required');
    return new S3ExportLinks(bucket, env.AWS_REGION || 'us-east-1', env.S3_ENDPOINT?.trim() || undefined);
  }

  linkTo(key: string, seconds: number): Promise<string> {
    return presignedGetUrl({
      bucket: this.bucket,
      key,
      region: this.region,
      expiresIn: seconds,
      ...(this.endpoint && { endpoint: this.endpoint, credentials: LOCAL_S3_CREDENTIALS }),
    });
  }
}
