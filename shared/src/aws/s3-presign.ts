import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './json-rpc-client';
import { credentialsProvider } from './json-rpc-client';
import { Sha256 } from './node-sha256';

export interface PresignedGetOptions {
  bucket: string;
  key: string;
  region: string;
  /** Seconds the link stays valid (SigV4 allows up to 7 days; the role's session may end sooner). */
  expiresIn: number;
  /** A local S3 (path-style addressing); else the bucket's virtual-hosted AWS endpoint. */
  endpoint?: string;
  /** Else the function's (the environment's key pair, or the SDK's chain). */
  credentials?: Credentials;
  /** For tests: the signing time. */
  signingDate?: Date;
}

/** S3's object-key encoding: each path segment escaped as the SDK's `extendedEncodeURIComponent`. */
const encodeKey = (key: string) =>
  key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');

/**
 * A presigned S3 GetObject URL, exactly as `@aws-sdk/s3-request-presigner`'s `getSignedUrl` makes it
 * (same query, same hoisted headers, same SigV4 with S3's single URI escaping; a unit test compares
 * the two byte for byte), without the S3 client: a function that only hands out download links
 * does not carry the ≈ 150 KB of client, XML protocol and S3 middleware (docs/performance.md).
 *
 * @example
 * const url = await presignedGetUrl({ bucket, key, region: 'us-east-1', expiresIn: 900 });
 */
export async function presignedGetUrl(options: PresignedGetOptions): Promise<string> {
  const base = new URL(options.endpoint ?? `https://${options.bucket}.s3.${options.region}.amazonaws.com`);
  const path = `${options.endpoint ? `/${options.bucket}` : ''}/${encodeKey(options.key)}`;
  const signer = new SignatureV4({
    service: 's3',
    region: options.region,
    sha256: Sha256,
    credentials: options.credentials ?? credentialsProvider(),
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: base.protocol,
      hostname: base.hostname,
      ...(base.port && { port: Number(base.port) }),
      path,
      // As the SDK's GetObject: its operation id, and response checksum validation asked for.
      query: { 'x-id': 'GetObject', 'x-amz-checksum-mode': 'ENABLED' },
      headers: { host: base.host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    },
    {
      expiresIn: options.expiresIn,
      unsignableHeaders: new Set(['content-type']),
      ...(options.signingDate && { signingDate: options.signingDate }),
    },
  );
  const query = Object.entries(signed.query ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${base.protocol}//${base.host}${path}?${query}`;
}
