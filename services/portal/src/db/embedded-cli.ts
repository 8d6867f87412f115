// A separate entry point (never imported): inside the esbuild bundle every module shares one
// `module`, so a `require.main === module` check in embedded.ts would be true there.
import { startEmbeddedPostgres } from './embedded';

/**
 * `tsx src/db/embedded-cli.ts [port]`: PGlite as its own process, printing `ready <url>` (tests run it
 * this way, because PGlite's WebAssembly loader needs dynamic imports that Jest's VM refuses).
 */
startEmbeddedPostgres({ port: Number(process.argv[2] ?? 0) }).then(
  (running) => {
    process.stdout.write(`ready ${running.url}\n`);
    const stop = () => void running.stop().finally(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
