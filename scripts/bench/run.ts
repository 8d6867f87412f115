// `npm run bench`: the one place speed is measured. Informational: nothing here fails on
// a goal miss; it exits non-zero only when the harness itself breaks. Bounded (< 5 min), 127.0.0.1
// only. Writes docs/performance.md (generated block) and docs/performance/cold-start.svg.
//
//   npm run bench                  full run
//   npm run bench -- --smoke       every part, tiny (< 60 s), writes to .esbuild/bench/ instead (CI)
//   BENCH_SMOKE=1 npm run bench    same
//   npm run bench -- --rounds 9    more cold-start rounds (default 5)
//   npm run bench -- --report      re-render the docs from the last run's .esbuild/bench/results.json
//
// Each part that imports the handlers or sets the environment runs in its own process (handlers read
// their environment at module load), as `run.ts --part <name> --out <json>`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchAuthorizer, benchAuthorizerCacheMiss } from './authorizer';
import { buildBundles, buildVariants, OUT_DIR, ROOT, type Bundle } from './bundles';
import { benchColdStart } from './cold-start';
import { costModel, type MeasuredInputs } from './cost';
import { svg, writeMarkdown, type BenchResults } from './report';
import { benchTransactions } from './transactions';

const SIZES = {
  // cacheMiss: calls per row of the authorizer's cache-miss part; authUsers: users it seeds.
  full: {
    rounds: 5,
    warm: 5_000,
    authorizer: 20_000,
    cacheMiss: 3_000,
    authUsers: 10_000,
    requests: 1_000,
    concurrency: 16,
  },
  smoke: {
    rounds: 1,
    warm: 50,
    authorizer: 200,
    cacheMiss: 50,
    authUsers: 200,
    requests: 40,
    concurrency: 4,
  },
};

async function part(name: string, out: string, size: (typeof SIZES)['full']): Promise<void> {
  let result: unknown;
  if (name === 'transactions') result = await benchTransactions(size.requests, size.concurrency);
  else if (name === 'authorizer-miss')
    result = await benchAuthorizerCacheMiss(size.cacheMiss, size.authUsers);
  else throw new Error(`unknown part ${name}`);
  writeFileSync(out, JSON.stringify(result));
}

function inChild<T>(name: string, smoke: boolean): T {
  const out = path.join(OUT_DIR, `${name}.json`);
  const args = [
    'tsx',
    path.join(__dirname, 'run.ts'),
    '--part',
    name,
    '--out',
    out,
    ...(smoke ? ['--smoke'] : []),
  ];
  const child = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit', timeout: 240_000 });
  if (child.status !== 0) throw new Error(`bench part ${name} failed (${child.status ?? child.signal})`);
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}

/** The warm part in a process of its own, started in Lambda mode before anything loads (warm.ts). */
function warmInChild(iterations: number): BenchResults['warm'] {
  const out = path.join(OUT_DIR, 'warm.json');
  const args = [
    'tsx',
    path.join(__dirname, 'warm.ts'),
    path.join(OUT_DIR, 'bundles.json'),
    String(iterations),
    out,
  ];
  const child = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit', timeout: 240_000 });
  if (child.status !== 0) throw new Error(`bench part warm failed (${child.status ?? child.signal})`);
  return JSON.parse(readFileSync(out, 'utf8')) as BenchResults['warm'];
}

/** The measured durations the cost model needs. */
function measuredInputs(
  bundles: Bundle[],
  cold: BenchResults['cold'],
  warm: BenchResults['warm'],
  authorizer: BenchResults['authorizer'],
  transactions: BenchResults['transactions'],
): MeasuredInputs {
  const typical = cold
    .filter((c) => bundles.find((b) => b.id === c.id)?.kind === 'function')
    .map((c) => c.wall)
    .sort((a, b) => a - b);
  return {
    warmOverheadMs: Math.max(...warm.map((w) => w.p50)) / 1000,
    authorizerMs: Math.max(...authorizer.map((a) => a.p50)) / 1000,
    coldStartMs: typical[Math.floor(typical.length / 2)]!,
    rcuPerTransfer: transactions.rcuPerTransfer,
    roundTripsPerTransfer: transactions.callsPerTransfer,
    itemBytesPerTransfer: transactions.itemBytes,
    indexBytesPerTransfer: transactions.indexBytes,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: process.env.BENCH_SMOKE === '1' },
      part: { type: 'string' },
      out: { type: 'string' },
      rounds: { type: 'string' },
      report: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke!;
  const size = { ...(smoke ? SIZES.smoke : SIZES.full) };
  if (values.rounds) size.rounds = Number(values.rounds);
  if (values.part) return part(values.part, values.out!, size);
  if (values.report) {
    // Re-render the docs from the last full run (after editing report.ts or cost.ts).
    const last = JSON.parse(readFileSync(path.join(OUT_DIR, 'results.json'), 'utf8')) as BenchResults;
    last.inputs = measuredInputs(last.bundles, last.cold, last.warm, last.authorizer, last.transactions);
    last.cost = costModel(last.inputs);
    writeMarkdown(path.join(ROOT, 'docs', 'performance.md'), last);
    writeFileSync(path.join(ROOT, 'docs', 'performance', 'cold-start.svg'), svg(last));
    return;
  }

  const started = performance.now();
  // Lambda runs Node 22; the SDK's Node 20 deprecation warning is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  console.log(`bench ${smoke ? '(smoke) ' : ''}- bundling every function and both baselines`);
  // Smoke: the baselines, one function per service and createTransfer.
  const SMOKE = ['auth/authorizer', 'transactions/createTransfer', 'profiles/getProfile'];
  const bundles = await buildBundles((f) => !smoke || f.kind === 'baseline' || SMOKE.includes(f.id));
  bundles.push(...(await buildVariants('transactions/createTransfer')));
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, 'bundles.json'), JSON.stringify(bundles));

  console.log(`cold start: ${bundles.length} bundles x ${size.rounds} interleaved rounds`);
  const cold = await benchColdStart(bundles, size.rounds);
  console.log('warm in-process overhead (tracing on, AWS answered in-process)');
  const warm = warmInChild(size.warm);
  const authorizer = await benchAuthorizer(size.authorizer);
  console.log('authorizer cache miss (revocation read on DynamoDB Local)');
  const authorizerCacheMiss = inChild<BenchResults['authorizerCacheMiss']>('authorizer-miss', smoke);
  const transactions = inChild<BenchResults['transactions']>('transactions', smoke);

  const inputs = measuredInputs(bundles, cold, warm, authorizer, transactions);
  const cost = costModel(inputs);
  const results: BenchResults = {
    startedAt,
    seconds: (performance.now() - started) / 1000,
    node: process.version,
    cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0]!.toFixed(1)}`,
    rounds: size.rounds,
    bundles,
    cold,
    warm,
    authorizer,
    authorizerCacheMiss,
    transactions,
    inputs,
    cost,
  };
  const docs = smoke ? OUT_DIR : path.join(ROOT, 'docs');
  mkdirSync(path.join(docs, 'performance'), { recursive: true });
  const md = path.join(docs, 'performance.md');
  writeMarkdown(md, results);
  writeFileSync(path.join(docs, 'performance', 'cold-start.svg'), svg(results));
  writeFileSync(path.join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2));
  console.log(`\nwrote ${path.relative(ROOT, md)} in ${results.seconds.toFixed(0)} s`);
  // The portal's history page against the whole local stack: its own process and its own block.
  const portal = spawnSync('npx', ['tsx', path.join(__dirname, 'portal.ts'), ...(smoke ? ['--smoke'] : [])], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 300_000,
  });
  if (portal.status !== 0) throw new Error(`bench part portal failed (${portal.status ?? portal.signal})`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
