/** The pipeline's command line: `npm run deploy|destroy -- --stage <s> [options]` (see pipeline.ts). */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const REGIONS = ['us-east-1', 'us-west-2'] as const;
export type Region = (typeof REGIONS)[number];
export const PRIMARY: Region = 'us-east-1';
export const STEP_NAMES = ['core', 'services:us-east-1', 'services:us-west-2', 'edge', 'portal'] as const;
/** Dry-run stand-ins for values only a real deploy has (never secrets). */
export const FAKE_ACCOUNT_ID = '123456789012';

export interface Options {
  command: 'deploy' | 'destroy';
  stage: string;
  dryRun: boolean;
  only: Set<string>;
  accountId?: string;
  stateBucket?: string;
  stateRegion: string;
  varFiles: Partial<Record<'core' | 'edge' | 'portal', string>>;
  /** The portal's image (`--portal-image registry/repo@sha256:…`, CI's build); wins over the var file. */
  portalImage?: string;
  endpoint?: string;
  yes: boolean;
}

export function parseOptions(argv: string[], command: Options['command']): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      stage: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      only: { type: 'string' },
      'account-id': { type: 'string' },
      'state-bucket': { type: 'string' },
      'state-region': { type: 'string' },
      'core-var-file': { type: 'string' },
      'edge-var-file': { type: 'string' },
      'portal-var-file': { type: 'string' },
      'portal-image': { type: 'string' },
      endpoint: { type: 'string' },
      yes: { type: 'boolean', default: false },
    },
  });
  const stage = values.stage ?? '';
  // The strictest root's rule (portal: 2-10 characters), without hyphens (CloudFormation stack names).
  if (!/^[a-z][a-z0-9]{1,9}$/.test(stage)) {
    throw new UsageError(
      '--stage <stage> is required: 2-10 lowercase letters/digits, starting with a letter',
    );
  }
  const only = new Set(
    (values.only ?? STEP_NAMES.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const step of only) {
    if (!(STEP_NAMES as readonly string[]).includes(step)) {
      throw new UsageError(`--only: unknown step "${step}" (known: ${STEP_NAMES.join(', ')})`);
    }
  }
  const varFile = (name: string) => (name ? resolve(name) : undefined);
  return {
    command,
    stage,
    dryRun: values['dry-run'] ?? false,
    only,
    accountId: values['account-id'],
    stateBucket: values['state-bucket'] ?? (process.env.LEDGERLINE_TF_STATE_BUCKET || undefined),
    stateRegion: values['state-region'] ?? process.env.LEDGERLINE_TF_STATE_REGION ?? PRIMARY,
    varFiles: {
      core: varFile(values['core-var-file'] ?? ''),
      edge: varFile(values['edge-var-file'] ?? ''),
      portal: varFile(values['portal-var-file'] ?? ''),
    },
    ...(values['portal-image'] ? { portalImage: values['portal-image'] } : {}),
    endpoint: values.endpoint,
    yes: values.yes ?? false,
  };
}

export class UsageError extends Error {}
