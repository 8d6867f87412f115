// The route manifests (services/<service>/src/routes.ts) are the one declaration of every route:
// what is generated from them must be fresh, and what is written by hand beside them (the handler,
// its events/ fixture, its hostile-input entry) must exist for every route and only for routes.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestOf, routes } from '../../scripts/generate/manifests';
import { functionsBlock } from '../../scripts/generate/serverless';
import { repoRoot } from '../../scripts/lib/repo';
import { SERVICE_NAMES, serviceDir } from '../../scripts/lib/services';
import { hostileRequests } from '../reliability/support/hostile';

/** Functions that are not routes (no HTTP event): declared by hand in serverless.yml. */
const NOT_ROUTES: Record<string, string[]> = {
  auth: ['authorizer'],
  transactions: ['settleLedger', 'deliverTransfers', 'reconcile'],
  profiles: ['runErasures'],
};
/** Handler modules that are not routes: the local stack's authorizer stand-in, stream and scheduled functions. */
const NOT_FUNCTIONS = [
  'offline-authorizer.ts',
  'authorizer.ts',
  'settle-ledger.ts',
  'deliver-transfers.ts',
  'reconcile.ts',
  'run-erasures.ts',
  'run-exports.ts',
];

jest.setTimeout(60_000);

describe('route manifests', () => {
  it('npm run generate on this tree changes nothing (serverless.yml blocks, validators, OpenAPI)', () => {
    // A child process: Prettier (which formats the OpenAPI file) cannot load inside Jest's sandbox.
    const result = spawnSync(
      join(repoRoot, 'node_modules/.bin/tsx'),
      ['scripts/generate/index.ts', '--check'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('declares each method and path once across all services', () => {
    const keys = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(keys.length).toBe(new Set(keys).size);
  });

  describe.each(SERVICE_NAMES)('%s', (service) => {
    const manifest = manifestOf(service);
    const dir = serviceDir(service);

    it('points every route at a handler module that exports `handler`, and every handler module at a route', () => {
      for (const [fn, route] of Object.entries(manifest)) {
        const file = join(dir, 'src/handlers', `${route.handler}.ts`);
        expect({ fn, exists: existsSync(file) }).toEqual({ fn, exists: true });
        expect(readFileSync(file, 'utf8')).toMatch(/export const handler\b/);
      }
      const declared = new Set(Object.values(manifest).map((r) => `${r.handler}.ts`));
      const orphans = readdirSync(join(dir, 'src/handlers')).filter(
        (file) => !declared.has(file) && !NOT_FUNCTIONS.includes(file),
      );
      expect(orphans).toEqual([]);
    });

    it('has an events/ fixture, listed in events/index.json, for every function', () => {
      const index = JSON.parse(readFileSync(join(dir, 'events/index.json'), 'utf8')) as {
        order: string[];
        fixtures: Record<string, unknown>;
      };
      for (const fn of [...Object.keys(manifest), ...(NOT_ROUTES[service] ?? [])]) {
        expect({ fn, listed: index.order.includes(fn) && fn in index.fixtures }).toEqual({
          fn,
          listed: true,
        });
        expect({ fn, file: existsSync(join(dir, 'events', `${fn}.json`)) }).toEqual({ fn, file: true });
      }
    });

    it('puts the manifest in serverless.yml: one generated function per route, with its handler, event, authorizer and X-Ray', () => {
      const yml = readFileSync(join(dir, 'serverless.yml'), 'utf8');
      const block = functionsBlock(service);
      expect(yml).toContain(block);
      for (const [fn, route] of Object.entries(manifest)) {
        expect(block).toContain(`  ${fn}:\n    handler: src/handlers/${route.handler}.handler\n`);
        expect(block).toContain(
          `          path: ${route.path.slice(1)}\n          method: ${route.method}\n`,
        );
      }
      const authorized = Object.values(manifest).filter((r) => r.authorizer === 'jwt').length;
      expect(block.split(`authorizer: \${self:custom.${service}.authorizer}`).length - 1).toBe(authorized);
      expect(block.split('xrayStatement').length - 1).toBe(Object.keys(manifest).length);
    });
  });

  it('has hostile-input requests for every route but health (tests/reliability/support/hostile.ts)', () => {
    const names = hostileRequests({
      auth: 'http://127.0.0.1:1/dev',
      transactions: 'http://127.0.0.1:2/dev',
      profiles: 'http://127.0.0.1:3/dev',
      accountId: 'acc_aaaaaaaaaaaaaaaaaaaa',
      payeeAccountId: 'acc_bbbbbbbbbbbbbbbbbbbb',
      transferId: 'tr_aaaaaaaaaaaaaaaaaaaaaaaaab',
      holdId: 'tr_aaaaaaaaaaaaaaaaaaaaaaaaac',
      token: 'token',
      serviceToken: 'service-token',
      tokenWithoutProfile: 'token-2',
    }).map((request) => request.name);
    const uncovered = routes
      .filter((route) => route.fn !== 'health')
      .filter((route) => {
        const pattern = new RegExp(
          `^${route.method.toUpperCase()} ${route.path.replace(/\{[^}]+\}/g, '[^/ ]+')}(\\?[^ ]*)?: `,
        );
        return !names.some((name) => pattern.test(name));
      })
      .map((route) => `${route.service} ${route.method.toUpperCase()} ${route.path}`);
    expect(uncovered).toEqual([]);
  });
});
