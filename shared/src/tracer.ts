import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray tracer (Powertools). Active on AWS (functions run with TracingConfig Active); off under
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
    Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME) &&
    !process.env.DYNAMODB_ENDPOINT,
});
