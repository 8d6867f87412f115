// `npm run bench`: every micro-benchmark of the hot paths, one after the other. Informational: the
// numbers depend on the machine and its load, so nothing here fails a build (no timing assertions).
import { benchAuthorizer } from './authorizer';

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 20_000);
  await benchAuthorizer(iterations);
}

void main();
