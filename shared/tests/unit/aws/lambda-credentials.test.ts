import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultProvider } from '../../../src/aws/lambda-credentials';

const saved = { ...process.env };
afterEach(() => {
  for (const key of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_CONFIG_FILE',
  ]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

function profileFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'creds-'));
  const file = path.join(dir, 'credentials');
  writeFileSync(
    file,
    '[dev]\naws_access_key_id = AKIAPROFILEPROFILE01\naws_secret_access_key = profile-secret\n',
  );
  writeFileSync(path.join(dir, 'config'), '');
  process.env.AWS_SHARED_CREDENTIALS_FILE = file;
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
  return file;
}

describe("defaultProvider (the bundles' credential chain)", () => {
  it("answers with the environment's key pair and session token, as on Lambda", async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAENVENVENVENV0001';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    process.env.AWS_SESSION_TOKEN = 'env-token';
    delete process.env.AWS_PROFILE;
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: 'ASIAENVENVENVENV0001',
      secretAccessKey: 'env-secret',
      sessionToken: 'env-token',
    });
  });

  it('falls back to the full chain from node_modules when AWS_PROFILE is set, as the SDK chain does', async () => {
    profileFile();
    process.env.AWS_ACCESS_KEY_ID = 'ASIAENVENVENVENV0001';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    process.env.AWS_PROFILE = 'dev';
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expect(defaultProvider()()).resolves.toMatchObject({ accessKeyId: 'AKIAPROFILEPROFILE01' });
    } finally {
      warn.mockRestore();
    }
  });

  it('falls back to the full chain when the environment holds no key pair', async () => {
    profileFile();
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await expect(defaultProvider({ profile: 'dev' })()).resolves.toMatchObject({
      accessKeyId: 'AKIAPROFILEPROFILE01',
    });
  });
});
