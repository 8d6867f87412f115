import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AwsJsonRpcClient } from '../aws/json-rpc-client';
import type { KeyWrapper } from './personal-data-cipher';

/** Binds a wrapped key to its subject: KMS refuses to unwrap it for anyone else. */
const encryptionContext = (subject: string) => ({ purpose: 'ledgerline-person-key', sub: subject });

/**
 * The master key on AWS: a multi-Region KMS key (core output `person_keys_kms_key_arns_by_region`),
 * so a key wrapped in one region unwraps from the other region's replica of the table.
 *
 * @example
 * const wrapper = kmsKeyWrapper(process.env.PERSON_KEYS_KMS_KEY_ARN!);
 */
export function kmsKeyWrapper(keyArn: string, region?: string): KeyWrapper {
  // Two calls through the shared JSON-protocol client, not the SDK's KMS client (30 KB of every
  // transfer function's bundle; docs/performance.md). Blobs are base64 in KMS's JSON protocol.
  let client: AwsJsonRpcClient | undefined;
  const kms = () =>
    (client ??= new AwsJsonRpcClient({
      service: 'kms',
      // The function's own region (its replica of the multi-Region key), as the SDK client took it.
      region: region ?? process.env.AWS_REGION ?? keyArn.split(':')[3] ?? 'us-east-1',
      maxAttempts: 3,
      attemptTimeoutMs: 2_000,
    }));
  return {
    async generate(subject) {
      const out = await kms().call<{ Plaintext: string; CiphertextBlob: string }>('GenerateDataKey', {
        KeyId: keyArn,
        KeySpec: 'AES_256',
        EncryptionContext: encryptionContext(subject),
      });
      return {
        plaintext: Buffer.from(out.Plaintext, 'base64'),
        wrapped: Buffer.from(out.CiphertextBlob, 'base64'),
      };
    },
    async unwrap(subject, wrapped) {
      const out = await kms().call<{ Plaintext: string }>('Decrypt', {
        KeyId: keyArn,
        CiphertextBlob: Buffer.from(wrapped).toString('base64'),
        EncryptionContext: encryptionContext(subject),
      });
      return Buffer.from(out.Plaintext, 'base64');
    },
  };
}

/**
 * The master key offline (`npm start`, tests): AES-256-GCM wrapping under a local master key, with
 * the subject as associated data, as KMS binds it by encryption context. Not for AWS: see
 * `keyWrapperFromEnvironment`.
 */
export function localKeyWrapper(masterKey: Buffer): KeyWrapper {
  if (masterKey.length !== 32) throw new Error('person keys: the local master key must be 32 bytes');
  const context = (subject: string) => Buffer.from(JSON.stringify(encryptionContext(subject)));
  return {
    async generate(subject) {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv).setAAD(context(subject));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext, wrapped: Buffer.concat([iv, body, cipher.getAuthTag()]) };
    },
    async unwrap(subject, wrapped) {
      const bytes = Buffer.from(wrapped);
      const decipher = createDecipheriv('aes-256-gcm', masterKey, bytes.subarray(0, 12));
      decipher.setAAD(context(subject));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
    },
  };
}

/** The local stack's master key when `LEDGERLINE_LOCAL_MASTER_KEY` is unset: public, so offline only. */
export const DEV_MASTER_KEY = createHash('sha256')
  .update('ledgerline local master key (not a secret)')
  .digest();

/**
 * KMS when `PERSON_KEYS_KMS_KEY_ARN` names a key (a function on AWS, or an operator's script); the
 * local wrapper under serverless-offline and `sls invoke local` (whose deploy param is only a
 * placeholder) and in tests. Inside a Lambda function a missing key fails closed, never falling
 * back to the public development key.
 *
 * @example
 * const wrapper = keyWrapperFromEnvironment(process.env);
 */
export function keyWrapperFromEnvironment(env: NodeJS.ProcessEnv = process.env): KeyWrapper {
  const emulated = env.IS_OFFLINE === 'true' || env.IS_LOCAL === 'true';
  const keyArn = env.PERSON_KEYS_KMS_KEY_ARN;
  if (!emulated && keyArn?.startsWith('arn:')) return kmsKeyWrapper(keyArn);
  if (!emulated && env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('person keys: PERSON_KEYS_KMS_KEY_ARN is not set');
  }
  const configured = env.LEDGERLINE_LOCAL_MASTER_KEY;
  return localKeyWrapper(configured ? Buffer.from(configured, 'base64') : DEV_MASTER_KEY);
}
