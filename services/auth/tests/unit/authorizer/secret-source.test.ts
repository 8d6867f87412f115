import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LocalFileSecretSource,
  secretSourceFor,
  SecretsManagerSecretSource,
} from '../../../src/authorizer/secret-source';

// Secrets Manager played by a local HTTP server (AWS_ENDPOINT_URL), answering `answer`.
let server: Server;
let answer = '{}';
let seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
const saved = { ...process.env };
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'ASIATESTTESTTESTTEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
  });
});
afterAll(async () => {
  for (const key of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => (seen = []));

describe('secret sources', () => {
  it('reads the signing key from Secrets Manager by name', async () => {
    answer = JSON.stringify({ SecretString: 'k'.repeat(64), VersionId: 'v1' });
    const source = new SecretsManagerSecretSource('ledgerline/dev/service-token-signing-key');
    await expect(source.fetch()).resolves.toBe('k'.repeat(64));
    expect(source.name).toBe('secretsmanager:ledgerline/dev/service-token-signing-key');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(seen[0]!.headers.authorization).toMatch(/\/secretsmanager\/aws4_request, /);
    expect(JSON.parse(seen[0]!.body)).toEqual({ SecretId: 'ledgerline/dev/service-token-signing-key' });
  });

  it('fails on a secret without a string value', async () => {
    answer = '{}';
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
