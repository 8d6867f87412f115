/**
 * `npm run generate`: everything derived from the services' route manifests (src/routes.ts), in one
 * command. `npm run generate -- --check` writes nothing and exits 1 when any output is stale
 * (tests/unit/generate.test.ts runs it).
 *
 * Outputs: each serverless.yml's generated functions block, each service's
 * src/validators.generated.{js,d.ts}, docs/openapi/ledgerline.openapi.json, and the portal's typed
 * client schema (services/portal/src/api/schema.generated.d.ts) from that document, so a contract
 * change breaks the portal's typecheck.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { runMain } from '../lib/main';
import { repoRoot } from '../lib/repo';
import { SERVICE_NAMES } from '../lib/services';
import { OPENAPI_FILE, renderOpenApi } from '../openapi/generate';
import { PORTAL_SCHEMA_FILE, renderPortalSchema } from '../openapi/portal-schema';
import { generate, generatedPaths, SERVICES as VALIDATED_SERVICES } from '../validators/generate';
import { withFunctionsBlock } from './serverless';

export interface Output {
  file: string;
  fresh: string;
}

const readOrEmpty = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** Every generated file with the content the manifests give now. */
export async function outputs(): Promise<Output[]> {
  const files: Output[] = SERVICE_NAMES.map((service) => {
    const { file, fresh } = withFunctionsBlock(service);
    return { file, fresh };
  });
  for (const spec of VALIDATED_SERVICES) {
    const paths = generatedPaths(spec.service);
    const { js, dts } = generate(spec);
    files.push({ file: paths.js, fresh: js }, { file: paths.dts, fresh: dts });
  }
  const openApi = await renderOpenApi();
  files.push({ file: OPENAPI_FILE, fresh: openApi });
  files.push({ file: PORTAL_SCHEMA_FILE, fresh: await renderPortalSchema(openApi) });
  return files;
}

/** The generated files whose committed content differs from what the manifests give. */
export async function staleOutputs(): Promise<string[]> {
  return (await outputs())
    .filter(({ file, fresh }) => readOrEmpty(file) !== fresh)
    .map(({ file }) => relative(repoRoot, file));
}

async function main(): Promise<number> {
  if (process.argv.includes('--check')) {
    const stale = await staleOutputs();
    if (stale.length > 0) {
      console.error(`out of date (run \`npm run generate\` and commit): ${stale.join(', ')}`);
      return 1;
    }
    console.log('generated files are up to date');
    return 0;
  }
  for (const { file, fresh } of await outputs()) {
    if (readOrEmpty(file) === fresh) continue;
    writeFileSync(file, fresh);
    console.log(`wrote ${relative(repoRoot, file)}`);
  }
  return 0;
}

if (require.main === module) runMain(main);
