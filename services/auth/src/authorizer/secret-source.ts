import { readFile } from 'node:fs/promises';
import { secretStringReader } from '@ledgerline/shared/aws/secrets-manager';
import type { ServiceTokenConfig } from './config';

/**
 * Where the service-token signing key comes from. On AWS: Secrets Manager, by name, in the
 * function's own region (Terraform replicates the secret to every API region). Locally: a file the
 * local stack writes with an ephemeral random key per run. Nothing else: no key in code, in
 * environment variables or in logs.
 */
export interface SecretSource {
  /** A description for logs (never the value). */
  readonly name: string;
  /** The current key value; called rarely (cached by SigningKeyCache). */
  fetch(): Promise<string>;
}

/**
 * Secrets Manager's GetSecretValue as a signed request (no SDK client in the authorizer: see
 * AwsJsonRpcClient), two attempts of 1 s, on the first service token only.
 */
export class SecretsManagerSecretSource implements SecretSource {
  readonly name: string;
  private getSecretValue: ((secretId: string) => Promise<string | undefined>) | undefined;

  constructor(private readonly secretId: string) {
    this.name = `secretsmanager:${secretId}`;
  }

  async fetch(): Promise<string> {
    this.getSecretValue ??= secretStringReader();
    const value = await this.getSecretValue(this.secretId);
    if (!value) throw new Error(`${this.name} has no SecretString`);
    return value;
  }
}

/** The local stack's ephemeral key file (scripts/local/cognito-local.ts writes it). Offline only. */
export class LocalFileSecretSource implements SecretSource {
  readonly name: string;
  constructor(private readonly path: string) {
    this.name = `file:${path}`;
  }
  async fetch(): Promise<string> {
    return (await readFile(this.path, 'utf8')).trim();
  }
}

/** Secrets Manager on AWS; the local key file only when running offline (config.ts enforces it). */
export function secretSourceFor(config: ServiceTokenConfig): SecretSource {
  return config.localKeyFile
    ? new LocalFileSecretSource(config.localKeyFile)
    : new SecretsManagerSecretSource(config.secretName);
}
