// Named, static imports: esbuild keeps the two commands the key wrapper sends (a dynamic import of
// the package bundled every command, schema and error of KMS: 73 KB instead of ~30 KB).
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { tracer } from '../tracer';

export { DecryptCommand, GenerateDataKeyCommand };

export const kmsClient = (region: string | undefined): KMSClient =>
  tracer.captureAWSv3Client(new KMSClient({ ...(region && { region }), maxAttempts: 3 }));
