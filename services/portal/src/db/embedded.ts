/**
 * An embedded PostgreSQL for `npm start` and tests: PGlite (PostgreSQL compiled to WebAssembly)
 * behind pglite-socket, so the app connects with the same `pg` driver, SQL and migrations as on
 * Aurora. PGlite runs one session; the socket server queues the queries of several connections into
 * it, so the portal uses ONE pooled connection against it (its transactions then never interleave),
 * and other connections (psql, tests) may only read.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  options: { port?: number; host?: string; dataDir?: string } = {},
): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db, port: options.port ?? 0, host, maxConnections: 8 });
  await server.start();
  const address = server.getServerConn();
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
