import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LocalFileSecretSource,
  secretSourceFor,
  SecretsManagerSecretSource,
} from '../../../src/authorizer/secret-source';

const secretsManager = mockClient(SecretsManagerClient);
afterEach(() => secretsManager.reset());

describe('secret sources', () => {
  it('reads the signing key from Secrets Manager by name', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: 'ledgerline/dev/service-token-signing-key' })
      .resolves({
        SecretString: 'k'.repeat(64),
      });
    const source = new SecretsManagerSecretSource('ledgerline/dev/service-token-signing-key');
    await expect(source.fetch()).resolves.toBe('k'.repeat(64));
    expect(source.name).toBe('secretsmanager:ledgerline/dev/service-token-signing-key');
  });

  it('fails on a secret without a string value', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({});
    await expect(new SecretsManagerSecretSource('x').fetch()).rejects.toThrow(/no SecretString/);
  });

  it('reads the local key file (trimmed) and picks it only when configured', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'auth-key-')), 'key');
    writeFileSync(file, `${'z'.repeat(64)}\n`);
    await expect(new LocalFileSecretSource(file).fetch()).resolves.toBe('z'.repeat(64));
    const common = { issuers: ['i'], audience: 'a', secretName: 'ledgerline/dev/service-token-signing-key' };
    expect(secretSourceFor({ ...common, localKeyFile: file })).toBeInstanceOf(LocalFileSecretSource);
    expect(secretSourceFor({ ...common, localKeyFile: undefined })).toBeInstanceOf(
      SecretsManagerSecretSource,
    );
  });
});
