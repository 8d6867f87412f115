import type { Config } from 'jest';

// One transformer for everything: TypeScript sources and the ESM-only packages we depend on
// (Middy 6 ships ESM only), compiled to CommonJS as serverless-esbuild bundles them. babel-jest
// (pure JS, hoists jest.mock) rather than @swc/jest: swc's per-platform binaries are not all on
// the npm registry this project installs from, and `npm ci` then rejects the lock file.
const transform: Config['transform'] = {
  '^.+\\.(t|j|mj)s$': [
    'babel-jest',
    {
      babelrc: false,
      configFile: false,
      presets: [['@babel/preset-typescript', { onlyRemoveTypeImports: false }]],
      plugins: ['@babel/plugin-transform-modules-commonjs', '@babel/plugin-transform-dynamic-import'],
    },
  ],
};
// @scure/base and @noble/hashes: ESM-only dependencies of otplib (TOTP codes in the auth tests).
// The portal: kysely and `cookie`/`content-disposition` (nested in @fastify/* and light-my-request)
// are ESM only; @fastify/cookie loads `cookie` with a dynamic import(), which Jest's VM refuses
// untransformed. A package is transformed wherever npm nested it.
const transformIgnorePatterns = [
  '/node_modules/(?!(?:.*/node_modules/)?(?:@middy|@scure|@noble|kysely|cookie|content-disposition|@fastify/cookie)/)',
];
const common = {
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

// `npm test` runs unit + integration in parallel workers, then local-stack, portal-e2e, reliability, delivery and
// infra with --maxWorkers=1 (package.json): those build in the services' own folders (.esbuild/,
// .serverless/) and start whole stacks, so two of their files at once would clash.
const config: Config = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/shared/tests/unit/**/*.test.ts',
        '<rootDir>/services/*/tests/unit/**/*.test.ts',
        '<rootDir>/tests/unit/**/*.test.ts',
      ],
      setupFiles: ['<rootDir>/tests/setup/unit-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/setup/quiet-logs.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/shared/tests/integration/**/*.test.ts',
        '<rootDir>/services/*/tests/integration/**/*.test.ts',
        '<rootDir>/tests/integration/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/tests/setup/integration-global-setup.ts',
      globalTeardown: '<rootDir>/tests/setup/integration-global-teardown.ts',
      setupFiles: ['<rootDir>/tests/setup/integration-env.ts'],
    },
    {
      // `npm start` itself, over HTTP: starts the whole local stack, checks it, stops it.
      ...common,
      displayName: 'local-stack',
      testMatch: ['<rootDir>/tests/local-stack/**/*.test.ts'],
    },
    {
      // The customer web portal in Debian's Chromium (playwright-core) against `npm start`: pages,
      // axe, screenshots (test-artifacts/portal/), and its security headers and cookies over HTTP.
      ...common,
      displayName: 'portal-e2e',
      testMatch: ['<rootDir>/tests/portal-e2e/**/*.test.ts'],
    },
    {
      // Hostile input, token attacks, races, load and faults over HTTP against `npm start`.
      // RELIABILITY_PROFILE=soak (npm run test:soak) makes the same suites long.
      ...common,
      displayName: 'reliability',
      testMatch: ['<rootDir>/tests/reliability/**/*.test.ts'],
    },
    {
      // Delivery: events fixtures via `sls invoke local`, OpenAPI freshness, workflow
      // checks, deploy --dry-run, the emulated (moto) deploy smoke test.
      ...common,
      displayName: 'delivery',
      testMatch: ['<rootDir>/tests/delivery/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'infra',
      testMatch: ['<rootDir>/tests/infra/**/*.test.ts'],
    },
  ],
};

export default config;
