import { logger } from './logger';
import { Tracer } from './tracing/tracer';

/**
 * The process's X-Ray tracer. Active on AWS (functions run with TracingConfig Active: Lambda sets
 * `AWS_EXECUTION_ENV`, the daemon address and a trace header per invocation); off under
 * serverless-offline, `sls invoke local` and the tests, where no X-Ray daemon listens.
 *
 * @example
 * const client = tracer.captureAWSv3Client(new DynamoDBClient({}));
 */
export const tracer = new Tracer({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? process.env.SERVICE_NAME ?? 'ledgerline',
  enabled:
    process.env.POWERTOOLS_TRACE_ENABLED !== 'false' &&
    process.env.IS_OFFLINE !== 'true' &&
    process.env.IS_LOCAL !== 'true' &&
    Boolean(process.env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_')) &&
    Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME) &&
    !process.env.DYNAMODB_ENDPOINT,
  daemonAddress: process.env.AWS_XRAY_DAEMON_ADDRESS,
  onDropped: (reason, error) => logger.warn('trace segment dropped', { reason, error: error as Error }),
});
