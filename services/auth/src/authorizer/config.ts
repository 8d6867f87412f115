import { runtimeConfig } from '@ledgerline/shared/config';

/** Allowed clock skew for `exp`/`nbf` (both token kinds). */
export const CLOCK_SKEW_SECONDS = 10;
/** Longer `Authorization` values are denied before any parsing (Cognito access tokens are ~1 KB). */
export const MAX_TOKEN_LENGTH = 4096;

/** Where the authorizer trusts Cognito access tokens from. */
export interface AccessTokenConfig {
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`; locally `http://127.0.0.1:<port>/<poolId>`. */
  issuer: string;
  jwksUri: string;
  /** App clients whose access tokens are accepted (`client_id` claim). */
  clientIds: string[];
}

/** What a back-office/partner service token must carry. */
export interface ServiceTokenConfig {
  issuers: string[];
  audience: string;
  /** Secrets Manager secret name: `ledgerline/<stage>/service-token-signing-key`. */
  secretName: string;
  /** Local stack only: a file holding the ephemeral signing key (see secret-source.ts). */
  localKeyFile: string | undefined;
}

export interface AuthorizerConfig {
  accessToken: AccessTokenConfig;
  serviceToken: ServiceTokenConfig;
  isOffline: boolean;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`auth authorizer: environment variable ${name} is required`);
  return value;
}

/**
 * Reads the authorizer's configuration once per cold start. Missing settings fail the cold start
 * (API Gateway answers 500), never open the API.
 *
 * @example
 * const config = authorizerConfig(); // USER_POOL_ID, USER_POOL_CLIENT_IDS, ... from serverless.yml
 */
export function authorizerConfig(env: NodeJS.ProcessEnv = process.env): AuthorizerConfig {
  const { stage, isOffline } = runtimeConfig(env);
  const poolId = required(env, 'USER_POOL_ID');
  const poolRegion = env.USER_POOL_REGION?.trim() || poolId.split('_')[0] || 'us-east-1';
  // Only the local stack points at cognito-local (plain http on the loopback interface).
  const issuer = env.COGNITO_ISSUER?.trim() || `https://cognito-idp.${poolRegion}.amazonaws.com/${poolId}`;
  if (!issuer.startsWith('https://') && !(isOffline && isLoopbackUrl(issuer))) {
    throw new Error('auth authorizer: COGNITO_ISSUER must be https (http only for 127.0.0.1 when offline)');
  }
  const localKeyFile = env.LOCAL_SERVICE_TOKEN_KEY_FILE?.trim() || undefined;
  if (localKeyFile && !isOffline) {
    throw new Error('auth authorizer: LOCAL_SERVICE_TOKEN_KEY_FILE is for the local stack only');
  }
  const clientIds = list(env.USER_POOL_CLIENT_IDS ?? env.USER_POOL_CLIENT_ID);
  if (clientIds.length === 0) throw new Error('auth authorizer: USER_POOL_CLIENT_IDS is required');
  return {
    accessToken: { issuer, jwksUri: `${issuer}/.well-known/jwks.json`, clientIds },
    serviceToken: {
      issuers: list(env.SERVICE_TOKEN_ISSUERS ?? 'ledgerline-backoffice'),
      audience: env.SERVICE_TOKEN_AUDIENCE?.trim() || `ledgerline-api-${stage}`,
      secretName: env.SERVICE_TOKEN_SECRET_NAME?.trim() || `ledgerline/${stage}/service-token-signing-key`,
      localKeyFile,
    },
    isOffline,
  };
}

/** True for `http://127.0.0.1[:port]/...` and `http://localhost[:port]/...`. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
  } catch {
    return false;
  }
}
