// docs/openapi/ledgerline.openapi.json is generated from the validators' JSON Schemas
// (scripts/openapi/generate.ts); CI fails when the committed file is out of date, when it is not
// valid OpenAPI 3.1, or when a route of a serverless.yml is missing from the route table.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPENAPI_FILE, buildOpenApi } from '../../scripts/openapi/generate';
import { routes } from '../../scripts/generate/manifests';
import * as profileSchemas from '../../services/profiles/src/schemas';
import { offlineEnv, repoRoot, run, slsBin } from './support/processes';
import { SERVICE_NAMES } from '../../scripts/lib/services';

const validator = join(repoRoot, 'scripts/openapi/validate.py');

test('the committed OpenAPI file is what the generator makes from the current schemas', async () => {
  // A subprocess (what CI runs): Prettier 3's formatter cannot load inside Jest's module sandbox.
  // On failure: run `npm run openapi` and commit docs/openapi/ledgerline.openapi.json.
  const check = await run(
    join(repoRoot, 'node_modules/.bin/tsx'),
    ['scripts/openapi/generate.ts', '--check'],
    {
      timeoutMs: 60_000,
    },
  );
  expect({ code: check.code, out: check.stdout + check.stderr }).toEqual({
    code: 0,
    out: expect.stringContaining('is up to date'),
  });
  expect(readFileSync(OPENAPI_FILE, 'utf8')).toContain('"openapi": "3.1.0"');
}, 60_000);

test('it is valid OpenAPI 3.1 (openapi-spec-validator), and an invalid copy is rejected', async () => {
  const ok = await run('python3', [validator, OPENAPI_FILE], { timeoutMs: 60_000 });
  expect({ code: ok.code, out: ok.stdout + ok.stderr }).toEqual({
    code: 0,
    out: expect.stringContaining('OK'),
  });

  const dir = mkdtempSync(join(tmpdir(), 'ledgerline-openapi-'));
  try {
    const broken = buildOpenApi() as {
      paths: Record<string, Record<string, { parameters: Array<{ in: string }> }>>;
    };
    broken.paths['/accounts/{accountId}']!.get!.parameters[0]!.in = 'body'; // not a 3.1 parameter location
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    const bad = await run('python3', [validator, join(dir, 'broken.json')], { timeoutMs: 60_000 });
    expect(bad.code).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

test('request schemas are the validators’ own (one source)', () => {
  const doc = buildOpenApi() as { components: { schemas: Record<string, { properties?: object }> } };
  expect(doc.components.schemas.CreateProfileRequest?.properties).toEqual(
    profileSchemas.createProfileSchema.properties,
  );
  // Ajv's `nullable` becomes a JSON Schema 2020-12 "null" type.
  expect(doc.components.schemas.UpdateProfileRequest?.properties).toMatchObject({
    phone: { type: ['string', 'null'] },
  });
  expect(JSON.stringify(doc)).not.toContain('nullable');
});

test('every http route of every serverless.yml is in the route table, and nothing else', async () => {
  const declared: string[] = [];
  await Promise.all(
    SERVICE_NAMES.map(async (service) => {
      const result = await run(
        slsBin,
        ['print', '--stage', 'ci', '--format', 'json', '--path', 'functions'],
        {
          cwd: join(repoRoot, 'services', service),
          env: offlineEnv(),
          timeoutMs: 60_000,
        },
      );
      expect(result.code).toBe(0);
      const functions = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as Record<
        string,
        { events?: Array<{ http?: { path: string; method: string } }> }
      >;
      for (const [fn, definition] of Object.entries(functions)) {
        for (const event of definition.events ?? []) {
          if (event.http)
            declared.push(`${service} ${fn} ${event.http.method.toLowerCase()} /${event.http.path}`);
        }
      }
    }),
  );
  const table = routes.map((r) => `${r.service} ${r.fn} ${r.method} ${r.path}`);
  expect(table.sort()).toEqual(declared.sort());
}, 120_000);
