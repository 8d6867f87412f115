/** Port of DynamoDB Local in the local stack (`npm start`). */
export const LOCAL_DYNAMODB_PORT = 8000;

/**
 * Runtime configuration read from the environment that serverless.common.yml (on AWS) or the
 * local stack sets. Read once per cold start; nothing here calls AWS.
 */
export interface RuntimeConfig {
  /** Service name, e.g. `transactions`. */
  service: string;
  stage: string;
  region: string;
  /** Deployed version (package version, plus git sha when the deploy sets one). */
  version: string;
  /** Local-only override of the DynamoDB endpoint (DynamoDB Local). Unset on AWS. */
  dynamodbEndpoint: string | undefined;
  /** Origins allowed by CORS; empty means no CORS headers (the mobile app needs none). */
  corsAllowedOrigins: string[];
  /** True under serverless-offline / the local stack. */
  isOffline: boolean;
}

/**
 * Reads the runtime configuration.
 *
 * @example
 * const { stage, region } = runtimeConfig();
 */
export function runtimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return {
    service: env.SERVICE_NAME ?? env.POWERTOOLS_SERVICE_NAME ?? 'ledgerline',
    stage: env.STAGE ?? 'local',
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    version: env.SERVICE_VERSION ?? '0.0.0-dev',
    // Under serverless-offline (IS_OFFLINE) and `sls invoke local` (IS_LOCAL) the default is the
    // local stack's DynamoDB Local; on AWS neither variable is set and the SDK finds the endpoint.
    dynamodbEndpoint:
      env.DYNAMODB_ENDPOINT ||
      (env.IS_OFFLINE === 'true' || env.IS_LOCAL === 'true'
        ? `http://127.0.0.1:${env.DYNAMODB_LOCAL_PORT ?? LOCAL_DYNAMODB_PORT}`
        : undefined),
    corsAllowedOrigins: (env.CORS_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    isOffline: env.IS_OFFLINE === 'true' || env.IS_LOCAL === 'true' || Boolean(env.DYNAMODB_ENDPOINT),
  };
}
