/**
 * Generates each service's precompiled request validators (Ajv standalone code) from the request
 * schemas of its route manifest (`src/routes.ts`, which takes them from `src/schemas.ts`; the
 * OpenAPI description is generated from the same manifests). Handlers run this code, so Ajv is
 * neither bundled nor compiling at cold start.
 *
 *   npm run validators             # write services/<service>/src/validators.generated.{js,d.ts}
 *   npm run validators -- --check  # exit 1 when a generated file is out of date (also a unit test)
 *
 * Every request schema of every route (`{ body, path, query, headers }`) gets a validator keyed by
 * `schemaKey(schema)` (a hash of its JSON): a schema edited without regenerating has no validator,
 * the freshness test fails, and a deployed handler refuses to start (shared/src/http/precompiled.ts).
 * Response schemas are left out: they are a test-time contract check (LEDGERLINE_VALIDATE_RESPONSES),
 * compiled by Ajv in the tests, and would only add bytes to bundles.
 */
import { _ } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formats as sharedFormats } from '../../shared/src/http/formats';
import { schemaKey } from '../../shared/src/http/precompiled';
import { ajvOptions } from '../../shared/src/http/validation';
import { repoRoot } from '../lib/repo';
import { manifestOf } from '../generate/manifests';
import { SERVICE_NAMES, serviceDir } from '../lib/services';

type Schema = Record<string, unknown>;

interface ServiceValidators {
  service: string;
  /** Each function's request schemas (`{ body, path, query, headers }`), by function name. */
  schemas: Record<string, unknown>;
  /** Module the generated code requires for function formats (`.formats`), as written in it. */
  formatsModule: string;
  /** The same module's `formats`, registered on the generator's Ajv. */
  formats: Record<string, unknown>;
}

/**
 * Every service of services.json: the request schemas of its route manifest (`src/routes.ts`), and
 * the function formats they use — the service's own `src/validation-formats.ts` when it has one,
 * the shared formats otherwise.
 */
export const SERVICES: ServiceValidators[] = SERVICE_NAMES.map((service) => {
  const src = resolve(serviceDir(service), 'src');
  const own = existsSync(resolve(src, 'validation-formats.ts'));
  return {
    service,
    schemas: Object.fromEntries(
      Object.entries(manifestOf(service)).flatMap(([fn, route]) =>
        route.request ? [[fn, route.request]] : [],
      ),
    ),
    formatsModule: own ? './validation-formats' : '@ledgerline/shared/http/formats',
    formats: own
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- a service's own module, by path
        (require(resolve(src, 'validation-formats')) as { formats: Record<string, unknown> }).formats
      : sharedFormats,
  };
});

const isPlainObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const SCHEMA_KEYWORDS = ['type', 'enum', 'const', 'properties', '$ref', 'anyOf', 'oneOf', 'allOf'];
const isSchema = (value: unknown): value is Schema =>
  isPlainObject(value) && SCHEMA_KEYWORDS.some((keyword) => keyword in value);

/** The schemas a service's handlers hand to the HTTP stack, deduplicated by key, in module order. */
export function schemasOf(module: Record<string, unknown>): Map<string, Schema> {
  const found = new Map<string, Schema>();
  const add = (schema: Schema) => found.set(schemaKey(schema), schema);
  for (const [name, value] of Object.entries(module)) {
    if (name === 'responses') continue;
    if (isSchema(value)) add(value);
    else if (isPlainObject(value)) Object.values(value).filter(isSchema).forEach(add);
  }
  return found;
}

export const generatedPaths = (service: string) => ({
  js: resolve(repoRoot, 'services', service, 'src', 'validators.generated.js'),
  dts: resolve(repoRoot, 'services', service, 'src', 'validators.generated.d.ts'),
});

/**
 * Ajv's standalone code made tree-shakeable: it ends each validator with a top-level
 * `validateN.evaluated = {…}` (Ajv 2020's unevaluated-properties bookkeeping, read by the function
 * itself), a side effect that makes esbuild keep every validator in every bundle. The value moves
 * into the validator's export as a pure `Object.assign`, and the top-level regular expressions are
 * marked pure. Refused if a validator is referenced from anywhere but its own export and body.
 */
export function treeShakeable(code: string): string {
  const evaluated = new Map<string, string>();
  let out = code.replace(/(validate\d+)\.evaluated = (\{[^;]*?\});/g, (_all, fn: string, value: string) => {
    evaluated.set(fn, value);
    return '';
  });
  out = out.replace(/export const (v_[0-9a-f]+) = (validate\d+);/g, (all, key: string, fn: string) => {
    // Every mention of the function outside its own export line must be in its own body.
    const mentions = (text: string) => text.split(new RegExp(`\\b${fn}\\b`)).length - 1;
    const body = out.slice(out.indexOf(`function ${fn}(`));
    const next = body.search(/export const /);
    const ownBody = next < 0 ? body : body.slice(0, next);
    if (mentions(out) - 1 !== mentions(ownBody)) {
      throw new Error(`validators: ${fn} is used outside its own export; cannot make it tree-shakeable`);
    }
    const value = evaluated.get(fn);
    return value
      ? `export const ${key} = /* @__PURE__ */ Object.assign(${fn}, { evaluated: ${value} });`
      : all;
  });
  return out.replace(/(const pattern\d+ = )new RegExp\(/g, '$1/* @__PURE__ */ new RegExp(');
}

/** The generated `.js` and `.d.ts` of one service. */
export function generate(spec: ServiceValidators): { js: string; dts: string } {
  const ajv = new Ajv2020({
    ...ajvOptions,
    // Enums longer than this become a loop over the schema's array instead of an `===` chain
    // (the 180 currency codes appear twice): same errors, ~10 KB less per transactions bundle.
    loopEnum: 16,
    // ES module exports: esbuild keeps only the validators a function's table names.
    code: { source: true, esm: true, formats: _`require(${spec.formatsModule}).formats` },
  });
  for (const [name, format] of Object.entries(spec.formats)) {
    ajv.addFormat(name, format as Parameters<typeof ajv.addFormat>[1]);
  }
  const schemas = schemasOf(spec.schemas);
  for (const [key, schema] of schemas) ajv.addSchema(schema, key);
  const keys = [...schemas.keys()];
  const code = treeShakeable(standaloneCode(ajv, Object.fromEntries(keys.map((key) => [key, key]))));
  const header =
    `// GENERATED by \`npm run validators\` (scripts/validators/generate.ts) from src/routes.ts:\n` +
    `// Ajv standalone code, one validator per schema, keyed by schemaKey(schema). Do not edit.\n`;
  const table = (tableKeys: readonly string[]) => tableKeys.map((key) => `  ${key},`).join('\n');
  // One table per function, which its handler imports (`import { getAccountValidators as
  // validators }`): a function's bundle then carries its own validators, not the service's.
  const perFunction = Object.entries(spec.schemas).map(
    ([fn, request]) => [fn, [...schemasOf({ request }).keys()]] as const,
  );
  const js =
    `${header}${code}\n` +
    perFunction
      .map(
        ([fn, fnKeys]) =>
          `export const ${fn}Validators = /* @__PURE__ */ Object.freeze({\n${table(fnKeys)}\n});\n`,
      )
      .join('') +
    `/** Every validator of the service (tests and tools; a handler imports its function's table). */\n` +
    `export const validators = /* @__PURE__ */ Object.freeze({\n${table(keys)}\n});\n`;
  const dts =
    header +
    `import type { PrecompiledValidators } from '@ledgerline/shared/http/precompiled';\n\n` +
    perFunction.map(([fn]) => `export declare const ${fn}Validators: PrecompiledValidators;\n`).join('') +
    `export declare const validators: PrecompiledValidators;\n`;
  return { js, dts };
}

/** Services whose generated files differ from what `generate` gives now. */
export function staleServices(): string[] {
  return SERVICES.filter((spec) => {
    const paths = generatedPaths(spec.service);
    const fresh = generate(spec);
    const read = (file: string) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    };
    return read(paths.js) !== fresh.js || read(paths.dts) !== fresh.dts;
  }).map((spec) => spec.service);
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const stale = staleServices();
    if (stale.length > 0) {
      console.error(`validators out of date for: ${stale.join(', ')}; run \`npm run validators\``);
      process.exit(1);
    }
    console.log('validators up to date');
  } else {
    for (const spec of SERVICES) {
      const paths = generatedPaths(spec.service);
      const { js, dts } = generate(spec);
      writeFileSync(paths.js, js);
      writeFileSync(paths.dts, dts);
      console.log(`${paths.js}: ${schemasOf(spec.schemas).size} validators, ${js.length} bytes`);
    }
  }
}
