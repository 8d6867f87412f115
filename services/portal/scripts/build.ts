/**
 * Production build of the portal: `npm run build -w @ledgerline/portal` (the Dockerfile's builder stage).
 *
 * Layout of the result (what the image copies):
 *   services/portal/dist/main.js      the bundle; CommonJS, platform node, target node22, source map
 *   services/portal/views/, static/   left where they are: the app resolves them as
 *                                     PORTAL_ASSETS_DIR ?? <directory of dist/main.js>/..
 *                                     = services/portal/, the same rule in `tsx src/main.ts` and in the image.
 *
 * Format: CommonJS, because the app's sources use `require.main === module` and `__filename` (config's
 * assets directory), which ESM output would leave undefined. Kysely is ESM only, so it is bundled (esbuild
 * turns it into CommonJS) rather than loaded with require(esm) at run time; the other production
 * dependencies stay external and are installed in the image by `npm ci --omit=dev`.
 * `@electric-sql/*` (PGlite, dev only) is external too and may only be reached through a guarded dynamic
 * `import()` (no DATABASE_URL / DB_HOST): tests/unit/build.test.ts loads the bundle with it unresolvable.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildResult, type Metafile } from 'esbuild';

export const portalDir = resolve(__dirname, '..');

/**
 * Dependencies bundled although they are production dependencies (see the module comment). The
 * workspace package @ledgerline/transactions (the ISO 4217 table) is a dev dependency for the same
 * reason: bundled from source, never installed in the image.
 */
export const BUNDLED = ['kysely'];

/** esbuild externals: the production dependencies (minus BUNDLED) and every `@electric-sql/*` package. */
export function externals(): string[] {
  const pkg = JSON.parse(readFileSync(join(portalDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const production = Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED.includes(name));
  // Subpath imports (e.g. pg/lib/...) are external with their package.
  return [...production.flatMap((name) => [name, `${name}/*`]), '@electric-sql/*'];
}

export interface BuildOptions {
  /** Output directory (default services/portal/dist). */
  outdir?: string;
  /** Entry point (default services/portal/src/main.ts). */
  entry?: string;
}

export async function buildPortal(options: BuildOptions = {}): Promise<BuildResult & { metafile: Metafile }> {
  const outdir = options.outdir ?? join(portalDir, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  return build({
    entryPoints: { main: options.entry ?? join(portalDir, 'src/main.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: true,
    // Stack traces in the logs point at src/ lines (node --enable-source-maps in the image).
    sourcesContent: false,
    external: externals(),
    // Keep function and class names in stack traces and error names (ConfigError, …).
    keepNames: true,
    minify: false,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
}

if (require.main === module) {
  buildPortal().then(
    (result) => {
      const outputs = Object.entries(result.metafile.outputs).map(
        ([file, { bytes }]) => `${file} ${(bytes / 1024).toFixed(0)} KiB`,
      );
      process.stdout.write(`portal build: ${outputs.join(', ')}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`portal build failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
