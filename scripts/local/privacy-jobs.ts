// The data-subject jobs of the profiles service in the local stack (serverless-offline runs neither
// `schedule` nor stream events): every 2 s the export and erasure sweepers (handlers/run-exports.ts
// and run-erasures.ts on AWS) run the jobs due, with the same use cases and adapters, in this
// process, against the stack's DynamoDB Local, cognito-local and s3rver.
import { delay } from './processes';

export interface PrivacyJobs {
  stop(): Promise<void>;
}

/**
 * Starts the privacy sweeps for `stage`. `env` carries the endpoints and ids the profiles handlers
 * read (DYNAMODB_ENDPOINT, S3_ENDPOINT, EXPORTS_BUCKET, USER_POOL_ID, COGNITO_ENDPOINT…).
 *
 * @example
 * const jobs = await startPrivacyJobs({ env, stage: 'dev', onLine: console.log });
 * await jobs.stop();
 */
export async function startPrivacyJobs(options: {
  env: Record<string, string | undefined>;
  stage: string;
  onLine: (line: string) => void;
  everyMs?: number;
  /** How long stop() waits for a sweep in flight (default 5 s). */
  stopGraceMs?: number;
}): Promise<PrivacyJobs> {
  Object.assign(process.env, options.env, { STAGE: options.stage });
  const wiring = await import('../../services/profiles/src/wiring');
  const { exportFiles } = await import('../../services/profiles/src/wiring-export-files');
  const { erasurePorts } = await import('../../services/profiles/src/wiring-erasure');
  const { sweepErasures } = await import('../../services/profiles/src/use-cases/erasure');
  const { sweepExports } = await import('../../services/profiles/src/use-cases/exports');
  const deps = () => ({
    jobs: wiring.exportJobStore(),
    files: exportFiles(),
    profiles: wiring.profileStore(),
    directory: wiring.userDirectory(),
    ledger: wiring.ledgerReader(),
  });

  let current: Promise<void> | undefined;
  let stopping = false;
  const sweep = async () => {
    const results = await sweepExports(deps(), new Date());
    if (results.length > 0) options.onLine(`exports: ${JSON.stringify(results)}`);
    const erasures = await sweepErasures(erasurePorts());
    if (erasures.completed + erasures.failed > 0) options.onLine(`erasures: ${JSON.stringify(erasures)}`);
  };
  // One sweep at a time, none queued (as ledger-jobs.ts): stopping waits for at most one.
  const timer = setInterval(() => {
    if (current || stopping) return;
    current = sweep()
      .catch((error: unknown) => options.onLine(`sweep failed: ${(error as Error).message}`))
      .finally(() => {
        current = undefined;
      });
  }, options.everyMs ?? 2_000);
  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await Promise.race([current, delay(options.stopGraceMs ?? 5_000)]);
    },
  };
}
