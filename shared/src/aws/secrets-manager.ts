// Imported dynamically by the functions that read a secret, on first use: named imports in a module
// of their own let esbuild keep only GetSecretValue (a dynamic import of the package bundles every
// command, schema and error of Secrets Manager).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { tracer } from '../tracer';

/**
 * A traced reader of secret strings (two attempts: a secret read sits on a request's path).
 *
 * @example
 * const read = (await import('@ledgerline/shared/aws/secrets-manager')).secretStringReader();
 * const value = await read('ledgerline/dev/cursor-key');
 */
export function secretStringReader(): (secretId: string) => Promise<string | undefined> {
  const client = tracer.captureAWSv3Client(new SecretsManagerClient({ maxAttempts: 2 }));
  return async (secretId) =>
    (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
}
