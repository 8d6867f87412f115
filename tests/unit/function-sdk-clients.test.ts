// Which AWS SDK clients each function's deployed bundle carries (the bundler options of
// serverless.common.yml, as scripts/bench/bundles.ts reads them). Every client beyond DynamoDB's
// registers 25-150 KB of error classes and schemas at import, so calls to Cognito, KMS and Secrets
// Manager go through the shared JSON-protocol client, and the S3 client is wired only into the
// functions that read or write export files (docs/performance.md). A static import in the wrong
// place puts a client back into every function of a service: these rows fail then.
import { build } from 'esbuild';
import { join } from 'node:path';
import { deployedEsbuildOptions, deployedFunctions } from '../../scripts/bench/bundles';
import { repoRoot } from '../../scripts/lib/repo';

const CLIENTS = [
  'client-dynamodb',
  'client-cognito-identity-provider',
  'client-kms',
  'client-secrets-manager',
  'client-s3',
];

async function sdkClientsOf(functionId: string): Promise<string[]> {
  const target = deployedFunctions().find((f) => f.id === functionId);
  if (!target) throw new Error(`no function ${functionId}`);
  const { metafile } = await build({
    ...deployedEsbuildOptions(),
    entryPoints: [target.entry],
    outdir: join(repoRoot, '.esbuild', 'sdk-clients-test'),
    write: false,
    metafile: true,
    absWorkingDir: repoRoot,
  });
  const inputs = Object.keys(metafile.inputs);
  return CLIENTS.filter((client) =>
    inputs.some((input) => input.includes(`node_modules/@aws-sdk/${client}/`)),
  );
}

test.each([
  ['auth/authorizer', []],
  ['auth/login', ['client-dynamodb']],
  ['auth/lockUser', ['client-dynamodb']],
  ['transactions/getAccount', ['client-dynamodb']],
  ['transactions/createTransfer', ['client-dynamodb']],
  ['transactions/listAccounts', ['client-dynamodb']],
  ['transactions/listEntries', ['client-dynamodb']],
  ['profiles/deleteMe', ['client-dynamodb']],
  ['profiles/getExport', ['client-dynamodb']],
  ['profiles/runExports', ['client-dynamodb', 'client-s3']],
  ['profiles/runErasures', ['client-dynamodb', 'client-s3']],
])(
  '%s carries %j',
  async (functionId, expected) => {
    expect(await sdkClientsOf(functionId)).toEqual(expected);
  },
  60_000,
);
