// The JSON-protocol calls that replaced SDK clients, against moto_server's KMS and Secrets Manager
// (real request parsing, real encryption-context checks): the person-key wrapper's GenerateDataKey
// and Decrypt with base64 blobs, and the secret reader the cursor key and the authorizer use.
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Moto } from '../../../../tests/delivery/support/moto';
import { startMoto } from '../../../../tests/delivery/support/moto';
import { secretStringReader } from '../../../src/aws/secrets-manager';
import { kmsKeyWrapper } from '../../../src/privacy/key-wrappers';

jest.setTimeout(60_000);

let moto: Moto;
let keyArn: string;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const saved = { ...process.env };

beforeAll(async () => {
  moto = await startMoto();
  // The calls under test resolve the endpoint and credentials as on Lambda: from the environment.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
  });
  const kms = new KMSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  // A single-Region key: moto 5.2.1 cannot decrypt under a multi-Region one (AccessDenied, with
  // the SDK's client too). The wrapper's calls do not depend on the key's kind.
  keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  kms.destroy();
});
afterAll(async () => {
  for (const key of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await moto?.stop();
});

describe('kmsKeyWrapper over the JSON protocol', () => {
  it('generates a 32-byte data key whose wrapped form unwraps to the same bytes for its subject', async () => {
    const wrapper = kmsKeyWrapper(keyArn);
    const { plaintext, wrapped } = await wrapper.generate('user-1');
    expect(plaintext).toHaveLength(32);
    expect(Buffer.from(wrapped).equals(plaintext)).toBe(false);
    expect((await wrapper.unwrap('user-1', wrapped)).equals(plaintext)).toBe(true);
  });

  it('refuses to unwrap a key for another subject (the encryption context binds it)', async () => {
    const wrapper = kmsKeyWrapper(keyArn);
    const { wrapped } = await wrapper.generate('user-1');
    await expect(wrapper.unwrap('user-2', wrapped)).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
  });

  it('names KMS’s error for a key that does not exist, without retrying it', async () => {
    const missing = kmsKeyWrapper(keyArn.replace(/key\/.*/, 'key/00000000-0000-0000-0000-000000000000'));
    await expect(missing.generate('user-1')).rejects.toMatchObject({
      name: 'NotFoundException',
      retryable: false,
    });
  });
});

describe('secretStringReader over the JSON protocol', () => {
  it('reads a secret string by name, and names the error for a missing one', async () => {
    const secrets = new SecretsManagerClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
    await secrets.send(
      new CreateSecretCommand({ Name: 'ledgerline/test/cursor-key', SecretString: 's3cr3t' }),
    );
    secrets.destroy();
    const read = secretStringReader('us-east-1');
    await expect(read('ledgerline/test/cursor-key')).resolves.toBe('s3cr3t');
    await expect(read('ledgerline/test/missing')).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
