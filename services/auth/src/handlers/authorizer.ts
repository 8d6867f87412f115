import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';
import { logger } from '@ledgerline/shared/logger';
import { SignedRequestRevocationReader } from '../adapters/signed-request-revocation-reader';
import { accessTokenVerifier } from '../authorizer/access-token-verifier';
import { authorize } from '../authorizer/authorize';
import { authorizerConfig } from '../authorizer/config';
import type { Principal } from '@ledgerline/shared/principal';
import { allowPolicy } from '../authorizer/policy';
import { secretSourceFor } from '../authorizer/secret-source';
import { SigningKeyCache } from '../authorizer/signing-key-cache';
import { TokenRejectedError } from '../authorizer/token';

// Cold start: configuration and verifiers live for the whole Lambda instance (JWKS and key caches).
const config = authorizerConfig();
const access = accessTokenVerifier(config.accessToken);
// Service tokens (back office) are rare next to access tokens: their verifier, with jsonwebtoken
// (~20 ms of a cold start's module loading), is loaded on the first one.
let service: Promise<(jwt: string) => Promise<Principal>> | undefined;
const loadServiceVerifier = async () => {
  const { serviceTokenVerifier } = await import('../authorizer/service-token-verifier');
  return serviceTokenVerifier(config.serviceToken, new SigningKeyCache(secretSourceFor(config.serviceToken)));
};
const verifiers = {
  access,
  // Every request the gateway has not cached waits on this read: two attempts of 500 ms at most,
  // then the authorizer fails closed (500) rather than hold the caller for seconds. A signed request,
  // not the SDK's DynamoDB client: the client would be most of this function's cold start.
  sessions: SignedRequestRevocationReader.fromEnvironment({ maxAttempts: 2, attemptTimeoutMs: 500 }),
  service: () => async (jwt: string) => {
    // A failed load is not kept: the next service token tries again.
    service ??= loadServiceVerifier().catch((error: unknown) => {
      service = undefined;
      throw error;
    });
    return (await service)(jwt);
  },
};

/**
 * TOKEN Lambda authorizer for every Ledgerline API (docs/auth.md). Not an HTTP handler: no Middy
 * stack, only the shared logger. Valid token of a live session → Allow on the whole stage with
 * `sub`, `scope`, `tokenType`, `clientId` (and `tokenFamily`, `authTime` for access tokens) in the context. Any
 * rejected token, ended sessions included → `Unauthorized` (API Gateway: 401). Anything else (JWKS,
 * Secrets Manager or the revocation records unreachable) → thrown as is (API Gateway: 500).
 */
export async function handler(
  event: APIGatewayTokenAuthorizerEvent,
  context: Context,
): Promise<APIGatewayAuthorizerResult> {
  logger.addContext(context);
  try {
    const principal = await authorize(event.authorizationToken, config, verifiers);
    logger.debug('token accepted', { tokenType: principal.tokenType, sub: principal.sub });
    return allowPolicy(principal, event.methodArn);
  } catch (error) {
    if (error instanceof TokenRejectedError) {
      logger.info('token rejected', {
        reason: error.reason,
        detail: (error.cause as Error | undefined)?.message,
      });
      throw new Error('Unauthorized');
    }
    logger.error('authorizer failure', { error: error as Error });
    throw error;
  }
}
