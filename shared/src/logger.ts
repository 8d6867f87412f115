import { Logger } from '@aws-lambda-powertools/logger';
import { redactingReplacer } from './redact';

/**
 * The platform's structured JSON logger (Powertools Logger) with PII redaction on every line.
 * One instance per process; the HTTP stack adds `correlation_id` and the Lambda context per request.
 *
 * @example
 * import { logger } from '@ledgerline/shared/logger';
 * logger.info('account created', { accountId });
 */
// Lambda sets AWS_LAMBDA_INITIALIZATION_TYPE (on-demand, provisioned-concurrency, snap-start); Powertools
// reports `cold_start: true` only for on-demand, and never where the variable is unset (`sls invoke
// local`, serverless-offline, the bench). An unset variable means an on-demand start: the first
// invocation of the process logs `cold_start: true`, every later one false.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? process.env.SERVICE_NAME ?? 'ledgerline',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'INFO') as 'INFO',
  persistentKeys: { stage: process.env.STAGE ?? 'local' },
  jsonReplacerFn: redactingReplacer,
});
