// s3rver (an S3-compatible server in Node) for the local stack and the integration tests: the
// exports bucket, in a temporary data directory that stop() removes. It checks request signatures
// against its fixed key pair S3RVER/S3RVER (the profiles adapter uses it when S3_ENDPOINT is set),
// so presigned links are verified as on S3, expiry included.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Default port of the local S3 (docs/local-stack.md); LOCAL_S3_PORT overrides it. */
export const LOCAL_S3_PORT = 4569;

export interface LocalS3 {
  /** `http://127.0.0.1:<port>` (path-style addressing). */
  endpoint: string;
  stop(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  httpServer?: { closeAllConnections(): void };
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/**
 * Starts s3rver on 127.0.0.1:`port` (0: any free port) with `buckets` created.
 *
 * @example
 * const s3 = await startLocalS3({ port: 0, buckets: ['ledgerline-exports-test'] });
 * await s3.stop();
 */
export async function startLocalS3(options: { port: number; buckets: string[] }): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), 'ledgerline-s3-'));
  // s3rver ships CommonJS without types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as S3rverConstructor;
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      // close() waits for every open connection, and HTTP clients keep theirs alive (a downloaded
      // export link kept Ctrl-C waiting): drop them first.
      server.httpServer?.closeAllConnections();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
