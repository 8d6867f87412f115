// The profiles service's data-subject job sweepers in the local stack (serverless-offline runs
// neither `schedule` nor DynamoDB stream events): every few seconds the erasure sweep runs the
// unfinished erasure jobs that are due, as the runErasures function's 5-minute schedule does on AWS
// (and its stream trigger, at once). The same use case, in this process, against the stack's
// DynamoDB Local and cognito-local.
import { delay } from './processes';

export interface PrivacyJobs {
  stop(): Promise<void>;
}

/**
 * Starts the data-subject job sweepers for `stage` on DynamoDB Local at `endpoint`, with `env`
 * giving the user pool (cognito-local's service environment) and the exports bucket.
 *
 * @example
 * const jobs = await startPrivacyJobs({ endpoint, stage: 'dev', env: cognito.serviceEnv('dev'), onLine: console.log });
 * await jobs.stop();
 */
export async function startPrivacyJobs(options: {
  endpoint: string;
  stage: string;
  env?: Record<string, string | undefined>;
  onLine: (line: string) => void;
  erasureEveryMs?: number;
  /** How long stop() waits for a sweep in flight (default 5 s). */
  stopGraceMs?: number;
}): Promise<PrivacyJobs> {
  process.env.DYNAMODB_ENDPOINT = options.endpoint;
  // The revocation records' adapter (auth) names its table from this process's STAGE.
  process.env.STAGE = options.stage;
  const env = { ...process.env, ...options.env, STAGE: options.stage, DYNAMODB_ENDPOINT: options.endpoint };
  const { erasurePorts } = await import('../../services/profiles/src/wiring');
  const { sweepErasures } = await import('../../services/profiles/src/use-cases/erasure');
  const ports = erasurePorts(env);

  /** The sweep in flight, if any: a tick that finds one running is skipped, never queued. */
  let current: Promise<void> | undefined;
  let stopping = false;
  const sweepErasure = async () => {
    const result = await sweepErasures(ports);
    if (result.completed + result.failed > 0) options.onLine(`erasure: ${JSON.stringify(result)}`);
  };
  const tick = (job: () => Promise<void>) => () => {
    if (current || stopping) return;
    current = job()
      .catch((error: unknown) => options.onLine(`job failed: ${(error as Error).message}`))
      .finally(() => {
        current = undefined;
      });
  };
  const timers = [setInterval(tick(sweepErasure), options.erasureEveryMs ?? 2_000)];
  return {
    async stop() {
      stopping = true;
      timers.forEach(clearInterval);
      // Every step is idempotent: a sweep cut short is resumed by the next start's sweeps.
      await Promise.race([current, delay(options.stopGraceMs ?? 5_000)]);
    },
  };
}
