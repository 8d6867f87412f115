// The handlers validate with Ajv standalone code generated from the services' schemas
// (scripts/validators/generate.ts). These tests fail when a generated file is out of date, when a
// handler has a schema nobody precompiled, or when Ajv finds its way back into a bundle.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generate, generatedPaths, SERVICES, staleServices } from '../../scripts/validators/generate';
import { repoRoot } from '../../scripts/lib/repo';
import { SERVICE_NAMES } from '../../scripts/lib/services';

const handlerFiles = SERVICE_NAMES.flatMap((service) => {
  const dir = join(repoRoot, 'services', service, 'src', 'handlers');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && file !== 'offline-authorizer.ts' && file !== 'authorizer.ts')
    .map((file) => join(dir, file));
});
const COMPILER = Symbol.for('ledgerline.http.compileSchema');

test('the committed validators are what `npm run validators` makes from the current schemas', () => {
  // On failure: run `npm run validators` and commit services/*/src/validators.generated.*.
  expect(staleServices()).toEqual([]);
  for (const spec of SERVICES)
    expect(generate(spec).js).toContain('export const validators = /* @__PURE__ */ Object.freeze');
  expect(generatedPaths('transactions').js).toMatch(/validators\.generated\.js$/);
});

describe('every HTTP handler starts without Ajv (as deployed: no schema compiler)', () => {
  const installed = (globalThis as Record<symbol, unknown>)[COMPILER];
  beforeAll(() => delete (globalThis as Record<symbol, unknown>)[COMPILER]);
  afterAll(() => ((globalThis as Record<symbol, unknown>)[COMPILER] = installed));

  it.each(handlerFiles.map((file) => [file.slice(repoRoot.length + 1), file]))('%s', async (_name, file) => {
    await jest.isolateModulesAsync(async () => {
      await expect(import(file)).resolves.toHaveProperty('handler');
    });
  });

  it('refuses to start with a schema that has no precompiled validator', async () => {
    await jest.isolateModulesAsync(async () => {
      const { httpHandler } = await import('../../shared/src/http/handler');
      expect(() =>
        httpHandler(
          { name: 'unknown', request: { body: { type: 'object', maxProperties: 3 } } },
          async () => ({
            statusCode: 204,
          }),
        ),
      ).toThrow(/No precompiled validator for schema v_[0-9a-f]{20}/);
    });
  });
});

test('no handler bundle contains Ajv or the ajv-formats plugin (only standalone runtime helpers)', async () => {
  const { metafile } = await build({
    entryPoints: handlerFiles,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    write: false,
    outdir: join(repoRoot, '.esbuild', 'validators-test'),
    metafile: true,
    logLevel: 'error',
  });
  const fromAjv = Object.keys(metafile.inputs).filter((input) =>
    /node_modules\/ajv(-formats)?\//.test(input),
  );
  // Allowed: the few-line runtime helpers the standalone code requires (ucs2length, equal) and
  // ajv-formats' format table (no Ajv in it) where a function format (date-time) is used.
  const allowed =
    /node_modules\/ajv\/dist\/runtime\/[a-z0-9]+\.js$|node_modules\/ajv-formats\/dist\/formats\.js$/;
  expect(fromAjv.filter((input) => !allowed.test(input))).toEqual([]);
  expect(fromAjv.length).toBeGreaterThan(0);
}, 60_000);

test("a function's bundle carries its own validators only (the generated module tree-shakes)", async () => {
  const { outputFiles } = await build({
    entryPoints: [join(repoRoot, 'services', 'transactions', 'src', 'handlers', 'get-account.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'error',
  });
  const bundle = outputFiles[0]!.text;
  const { getAccountValidators, validators } =
    (await import('../../services/transactions/src/validators.generated')) as Record<
      string,
      Record<string, unknown>
    >;
  const own = Object.keys(getAccountValidators!);
  const others = Object.keys(validators!).filter((key) => !own.includes(key));
  expect(own.length).toBeGreaterThan(0);
  expect(others.length).toBeGreaterThan(0);
  for (const key of own) expect(bundle).toContain(key);
  for (const key of others) expect(bundle).not.toContain(key);
}, 60_000);
