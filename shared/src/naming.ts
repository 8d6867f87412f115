/**
 * The one naming convention of the platform: every AWS resource is `ledgerline-<thing>-<stage>`.
 * serverless.common.yml and terraform-foundation/locals.tf spell the same rule in their own
 * language; tests/infra checks that the packaged templates agree with this function.
 */
export const PLATFORM = 'ledgerline';

const STAGE_PATTERN = /^[a-z0-9-]{2,16}$/;

/**
 * Name of a stage-scoped resource.
 *
 * @example
 * resourceName('transactions', 'dev'); // 'ledgerline-transactions-dev'
 */
export function resourceName(thing: string, stage: string): string {
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`invalid stage "${stage}": use 2-16 lowercase letters, digits or hyphens`);
  }
  return `${PLATFORM}-${thing}-${stage}`;
}
