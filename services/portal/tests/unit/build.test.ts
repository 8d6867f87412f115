// The production bundle (scripts/build.ts) as the image runs it: built for real, then loaded by node
// with every `@electric-sql/*` package unresolvable, as in the image (dev dependencies are not installed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BUNDLED, buildPortal, externals, portalDir } from '../../scripts/build';

const dist = join(portalDir, 'dist');
let scratch: string;
let result: Awaited<ReturnType<typeof buildPortal>>;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'portal-build-'));
  result = await buildPortal();
}, 60_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('writes dist/main.js and its source map from src/main.ts', () => {
  expect(result.errors).toEqual([]);
  expect(existsSync(join(dist, 'main.js'))).toBe(true);
  expect(existsSync(join(dist, 'main.js.map'))).toBe(true);
  const inputs = Object.keys(result.metafile.inputs).map((f) => relative(portalDir, join(process.cwd(), f)));
  expect(inputs).toContain('src/main.ts');
});

test('production dependencies stay external (installed in the image), kysely is bundled', () => {
  const pkg = JSON.parse(readFileSync(join(portalDir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const ext = externals();
  for (const name of Object.keys(pkg.dependencies).filter((n) => !BUNDLED.includes(n)))
    expect(ext).toContain(name);
  expect(ext).toContain('@electric-sql/*');
  expect(ext).not.toContain('kysely');
  // Nothing external that the image would not have: production dependencies or node builtins only.
  const output = result.metafile.outputs[relative(process.cwd(), join(dist, 'main.js'))]!;
  const externalImports = output.imports.filter((i) => i.external).map((i) => i.path);
  const unknown = externalImports.filter(
    (p) =>
      !p.startsWith('node:') &&
      !p.startsWith('@electric-sql/') &&
      !Object.keys(pkg.dependencies).some((d) => p === d || p.startsWith(`${d}/`)) &&
      !builtinModules.includes(p),
  );
  expect(unknown).toEqual([]);
  expect(externalImports).not.toContain('kysely');
});

test('the bundle loads without @electric-sql (dev only) and does not start itself when required', () => {
  const blocker = join(scratch, 'block-electric-sql.cjs');
  writeFileSync(
    blocker,
    [
      "const Module = require('node:module');",
      'const resolve = Module._resolveFilename;',
      'Module._resolveFilename = function (request, ...rest) {',
      "  if (request.startsWith('@electric-sql/')) throw new Error('not in the image: ' + request);",
      '  return resolve.call(this, request, ...rest);',
      '};',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  delete env.DB_HOST;
  const run = spawnSync(
    process.execPath,
    ['-r', blocker, '-e', `console.log(Object.keys(require(${JSON.stringify(join(dist, 'main.js'))})))`],
    { env, encoding: 'utf8', timeout: 30_000 },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('startPortal');

  // The blocker itself works: a static import of @electric-sql would have failed above.
  const staticImport = spawnSync(process.execPath, ['-r', blocker, '-e', "require('@electric-sql/pglite')"], {
    encoding: 'utf8',
    cwd: portalDir,
    timeout: 30_000,
  });
  expect(staticImport.status).not.toBe(0);
  expect(staticImport.stderr).toContain('not in the image: @electric-sql/pglite');
});
