// Bundles every deployed function, and the two cold-start baselines, exactly as a deploy does:
// the esbuild options are read from serverless.common.yml (`custom.esbuild`), never retyped, and
// the function list from each service's serverless.yml (+ resources/functions.yml).
import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/repo';
import { SERVICE_NAMES, serviceDir } from '../lib/services';

export const ROOT = repoRoot;
export const OUT_DIR = path.join(ROOT, '.esbuild', 'bench');

export interface BenchFunction {
  /** `service/function`, e.g. `transactions/createTransfer`. */
  id: string;
  service: string;
  name: string;
  /** TypeScript entry point (absolute). */
  entry: string;
  kind: 'baseline' | 'function' | 'variant';
  /** What invokes a deployed function (`events:` in serverless.yml): http, stream, schedule, …; none for the authorizer. */
  triggers?: string[];
}

export interface Bundle extends BenchFunction {
  /** Bundled `.js` (absolute). */
  file: string;
  /** Bytes of the `.js` bundle (what Node parses at cold start). */
  jsBytes: number;
  /** Bytes of the `.js.map` shipped beside it (sourcemap: linked). */
  mapBytes: number;
  /** What-if only: NODE_OPTIONS instead of the deployed value (`deployedNodeOptions()`). */
  nodeOptions?: string;
}

/**
 * `custom.esbuild` of serverless.common.yml: a flat block of scalars (`key: value`, `[]`), read
 * with a few lines of parsing rather than a YAML dependency.
 */
function commonEsbuildBlock(): Record<string, unknown> {
  const lines = readFileSync(path.join(ROOT, 'serverless.common.yml'), 'utf8').split('\n');
  const start = lines.findIndex((line, i) => line === '  esbuild:' && lines.slice(0, i).includes('custom:'));
  if (start < 0) throw new Error('serverless.common.yml: custom.esbuild not found');
  const block: Record<string, unknown> = {};
  let map: Record<string, string> | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const nested = /^ {6}'?([^':]+)'?:\s*'?([^']*?)'?\s*$/.exec(line);
    if (nested && map) {
      map[nested[1]!] = nested[2]!;
      continue;
    }
    const entry = /^ {4}([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
    if (!entry) break;
    const [, key, raw] = entry;
    map = undefined;
    if (raw === '') block[key!] = map = {};
    else if (/^\[.*\]$/.test(raw!))
      block[key!] = raw!
        .slice(1, -1)
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    else block[key!] = raw === 'true' ? true : raw === 'false' ? false : raw;
  }
  return block;
}

/**
 * `provider.environment.NODE_OPTIONS` of serverless.common.yml ('' when the deployed functions
 * get none): the cold-start runs use it, so the harness follows the deployed configuration.
 */
export function deployedNodeOptions(): string {
  const lines = readFileSync(path.join(ROOT, 'serverless.common.yml'), 'utf8').split('\n');
  const env = lines.findIndex(
    (line, i) => line === '  environment:' && lines.slice(0, i).includes('provider:'),
  );
  if (env < 0) throw new Error('serverless.common.yml: provider.environment not found');
  for (const line of lines.slice(env + 1)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const entry = /^ {4}([A-Za-z_]+):\s*(.*?)\s*$/.exec(line);
    if (!entry) break;
    if (entry[1] === 'NODE_OPTIONS') return entry[2]!;
  }
  return '';
}

/** The esbuild options serverless-esbuild gets from serverless.common.yml, mapped to esbuild's API. */
export function deployedEsbuildOptions(): BuildOptions {
  const o = commonEsbuildBlock();
  return {
    bundle: o.bundle as boolean,
    minify: o.minify as boolean,
    sourcemap: o.sourcemap as BuildOptions['sourcemap'],
    target: o.target as string,
    platform: o.platform as BuildOptions['platform'],
    format: o.format as BuildOptions['format'],
    keepNames: o.keepNames as boolean,
    mainFields: o.mainFields as string[] | undefined,
    alias: o.alias as Record<string, string> | undefined,
    // `exclude` is serverless-esbuild's name for esbuild externals.
    external: (o.exclude as string[] | undefined) ?? [],
    logLevel: 'error',
  };
}

/** Every function a deploy packages: `handler: src/handlers/<file>.handler` per function key. */
export function deployedFunctions(): BenchFunction[] {
  const functions: BenchFunction[] = [];
  for (const service of SERVICE_NAMES) {
    const dir = serviceDir(service);
    const sources = [path.join(dir, 'serverless.yml'), path.join(dir, 'resources', 'functions.yml')];
    for (const file of sources) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      // A top-level function key (`  <name>:` under functions:, or `<name>:` in functions.yml) and
      // the first `handler: src/....handler` line after it.
      let current: string | undefined;
      for (const line of text.split('\n')) {
        const handler = /^\s+handler:\s*(\S+)\.handler\s*$/.exec(line);
        const key = handler ? null : /^ {0,2}([A-Za-z][A-Za-z0-9]*):/.exec(line);
        if (key) current = key[1];
        // `- http:` … under `events:`, or `events: ${file(resources/x.js):events}` (conditional
        // triggers, e.g. a stream only when the deploy passes its ARN): the kinds that file can add.
        const known = functions.find((f) => f.id === `${service}/${current}`);
        const trigger = /^\s+- (http|stream|schedule|sqs|eventBridge):(\s|$)/.exec(line);
        const eventsFile = /^\s+events:\s*\$\{file\(([^)]+\.js)\)/.exec(line);
        const kinds = trigger
          ? [trigger[1]!]
          : eventsFile
            ? ['stream', 'schedule', 'sqs'].filter((kind) =>
                new RegExp(`\\b${kind}\\s*:`).test(readFileSync(path.join(dir, eventsFile[1]!), 'utf8')),
              )
            : [];
        for (const kind of kinds) if (known && !known.triggers!.includes(kind)) known.triggers!.push(kind);
        if (!handler || !current) continue;
        const id = `${service}/${current}`;
        if (!functions.some((f) => f.id === id)) {
          functions.push({
            id,
            service,
            name: current,
            entry: path.join(dir, `${handler[1]}.ts`),
            kind: 'function',
            triggers: [],
          });
        }
      }
    }
  }
  return functions;
}

const BASELINES: Record<string, string> = {
  'baseline/hello-world': `export const handler = async () => ({ statusCode: 200, body: 'hello' });\n`,
  'baseline/dynamodb-get': [
    `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';`,
    `import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';`,
    `const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));`,
    `export const handler = async () => {`,
    `  try {`,
    `    const { Item } = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'a', sk: 'b' } }));`,
    `    return { statusCode: Item ? 200 : 404, body: '' };`,
    `  } catch (error) {`,
    `    return { statusCode: 500, body: String(error) };`,
    `  }`,
    `};`,
    ``,
  ].join('\n'),
};

/** Writes the baseline sources inside `shared/` so they resolve the same pinned AWS SDK. */
function baselineFunctions(): BenchFunction[] {
  const dir = path.join(ROOT, 'shared', '.esbuild', 'bench-baselines');
  mkdirSync(dir, { recursive: true });
  return Object.entries(BASELINES).map(([id, source]) => {
    const entry = path.join(dir, `${id.split('/')[1]}.ts`);
    writeFileSync(entry, source);
    return { id, service: 'baseline', name: id.split('/')[1]!, entry, kind: 'baseline' as const };
  });
}

/**
 * Bundles the two baselines and every deployed function (or those `only` keeps) as deployed. The
 * baselines get the deployed bundler settings but not the module substitutions (`alias`): those are
 * our code's choices, which the ratios to (b) measure; `baseline/dynamodb-get (our aliases)` is (b)
 * with them, for reference.
 */
export async function buildBundles(only: (f: BenchFunction) => boolean = () => true): Promise<Bundle[]> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  const { alias, ...bundler } = deployedEsbuildOptions();
  const baselines = baselineFunctions();
  const reference: BenchFunction = {
    ...baselines.find((b) => b.id === 'baseline/dynamodb-get')!,
    id: 'baseline/dynamodb-get (our aliases)',
    name: 'dynamodb-get-aliased',
    kind: 'variant',
  };
  const targets = [
    ...baselines.map((target) => ({ target, options: bundler })),
    ...(alias ? [{ target: reference, options: { ...bundler, alias } }] : []),
    ...deployedFunctions().map((target) => ({ target, options: { ...bundler, alias } })),
  ].filter(({ target }) => only(target));
  return Promise.all(
    targets.map(async ({ target, options }) => {
      const file = path.join(OUT_DIR, target.service, `${target.name}.js`);
      await build({ ...options, entryPoints: [target.entry], outfile: file, absWorkingDir: ROOT });
      return {
        ...target,
        file,
        jsBytes: statSync(file).size,
        mapBytes: statSync(`${file}.map`).size,
      };
    }),
  );
}

/**
 * The deployed bundle of one function run with the other NODE_OPTIONS: the cost of
 * --enable-source-maps (deployed before the cold-start work, kept as a what-if so the trade-off
 * stays measured).
 */
export async function buildVariants(functionId: string): Promise<Bundle[]> {
  const target = deployedFunctions().find((f) => f.id === functionId);
  if (!target) throw new Error(`no function ${functionId}`);
  const deployed = deployedNodeOptions();
  const withMaps = !deployed.includes('--enable-source-maps');
  const file = path.join(OUT_DIR, 'variants', `${target.name}.js`);
  await build({
    ...deployedEsbuildOptions(),
    entryPoints: [target.entry],
    outfile: file,
    absWorkingDir: ROOT,
  });
  return [
    {
      ...target,
      id: `${target.id} (${withMaps ? 'with' : 'no'} --enable-source-maps)`,
      kind: 'variant' as const,
      file,
      jsBytes: statSync(file).size,
      mapBytes: statSync(`${file}.map`).size,
      nodeOptions: withMaps ? `${deployed} --enable-source-maps`.trim() : '',
    },
  ];
}
