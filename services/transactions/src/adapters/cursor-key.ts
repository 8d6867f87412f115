import { runtimeConfig } from '@ledgerline/shared/config';
import { hkdfSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** Domain separation: the same secret never signs two kinds of thing with the same key. */
const HKDF_INFO = 'ledgerline/transactions/list-cursor/v1';

let key: Promise<Buffer> | undefined;

/**
 * The HMAC key of list cursors, loaded once per cold start:
 * - on AWS: HKDF-SHA256 over the Secrets Manager secret named by `CURSOR_KEY_SECRET_NAME`
 *   (docs/transactions.md, "Cursors"); rotating the secret invalidates outstanding cursors (400,
 *   clients restart the listing);
 * - offline (DynamoDB Local: tests, `npm start`) without that variable: 32 random bytes per process,
 *   so cursors do not survive a restart of the local stack. No key is ever written in code.
 */
export function cursorKey(): Promise<Buffer> {
  key ??= loadKey().catch((error: unknown) => {
    key = undefined;
    throw error;
  });
  return key;
}

const derive = (secret: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));

async function loadKey(): Promise<Buffer> {
  const secretName = process.env.CURSOR_KEY_SECRET_NAME;
  // Offline, never Secrets Manager (serverless.yml sets the secret name under `npm start` too): the
  // local stack's service-token key file when there is one (one key for every Lambda instance of
  // this run, as on AWS), else random bytes.
  if (runtimeConfig().isOffline) {
    const localKeyFile = process.env.LOCAL_SERVICE_TOKEN_KEY_FILE;
    return localKeyFile ? derive((await readFile(localKeyFile, 'utf8')).trim()) : randomBytes(32);
  }
  if (!secretName) throw new Error('CURSOR_KEY_SECRET_NAME is not set');
  const { secretStringReader } = await import('@ledgerline/shared/aws/secrets-manager');
  const SecretString = await secretStringReader()(secretName);
  if (!SecretString) throw new Error(`secret ${secretName} has no SecretString`);
  return derive(SecretString);
}
