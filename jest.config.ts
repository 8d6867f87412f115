import type { Config } from 'jest';

// One transformer for everything: TypeScript sources and the ESM-only packages we depend on
// (Middy 6 ships ESM only), compiled to CommonJS the way serverless-esbuild bundles them.
const transform: Config['transform'] = {
  '^.+\\.(t|j|mj)s$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const transformIgnorePatterns = ['/node_modules/(?!(@middy)/)'];
const common = {
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

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
      ],
      globalSetup: '<rootDir>/tests/setup/integration-global-setup.ts',
      globalTeardown: '<rootDir>/tests/setup/integration-global-teardown.ts',
      setupFiles: ['<rootDir>/tests/setup/integration-env.ts'],
    },
    {
      ...common,
      displayName: 'infra',
      testMatch: ['<rootDir>/tests/infra/**/*.test.ts'],
    },
  ],
};

export default config;
