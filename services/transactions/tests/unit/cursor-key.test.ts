// The list-cursor key offline: `npm start` sets CURSOR_KEY_SECRET_NAME (serverless.yml) AND runs
// offline; the key must then come from the local stack, never from Secrets Manager (which made
// every GET /accounts/{id}/transactions a 500 locally: found by tests/reliability).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as CursorKeyModule from '../../src/adapters/cursor-key';

async function loadCursorKey(env: Record<string, string | undefined>): Promise<Buffer> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
  try {
    let key: Promise<Buffer> | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      key = (require('../../src/adapters/cursor-key') as typeof CursorKeyModule).cursorKey();
    });
    return await (key as Promise<Buffer>);
  } finally {
    process.env = saved;
  }
}

describe('cursorKey offline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cursor-key-'));
  const keyFile = join(dir, 'service-token-signing-key');
  writeFileSync(keyFile, 'local-signing-key\n');
  const offline = {
    CURSOR_KEY_SECRET_NAME: 'ledgerline/dev/service-token-signing-key',
    IS_OFFLINE: 'true',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
    AWS_REGION: 'us-east-1',
  };

  it('uses the local key file, not Secrets Manager, even when the secret name is set', async () => {
    const a = await loadCursorKey({ ...offline, LOCAL_SERVICE_TOKEN_KEY_FILE: keyFile });
    const b = await loadCursorKey({ ...offline, LOCAL_SERVICE_TOKEN_KEY_FILE: keyFile });
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(true); // every Lambda instance of one local run verifies the others' cursors
  });

  it('falls back to random bytes offline without a key file', async () => {
    const key = await loadCursorKey({ ...offline, LOCAL_SERVICE_TOKEN_KEY_FILE: undefined });
    expect(key).toHaveLength(32);
  });
});
