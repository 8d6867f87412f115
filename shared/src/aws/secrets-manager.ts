import { runtimeConfig } from '../config';
import { AwsJsonRpcClient } from './json-rpc-client';

/**
 * A traced reader of secret strings: `GetSecretValue` through the shared JSON-protocol client (no
 * SDK client: docs/performance.md). Two attempts of 1 s: a secret read sits on a request's path.
 *
 * @example
 * const read = secretStringReader();
 * const value = await read('ledgerline/dev/cursor-key');
 */
export function secretStringReader(
  region: string = runtimeConfig().region,
): (secretId: string) => Promise<string | undefined> {
  const client = new AwsJsonRpcClient({
    service: 'secretsmanager',
    region,
    maxAttempts: 2,
    attemptTimeoutMs: 1_000,
  });
  return async (secretId) =>
    (await client.call<{ SecretString?: string }>('GetSecretValue', { SecretId: secretId })).SecretString;
}
