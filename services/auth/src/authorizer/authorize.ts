import { ACCESS_TOKEN_ALGORITHM } from './access-token-verifier';
import type { AuthorizerConfig } from './config';
import type { Principal } from '@ledgerline/shared/principal';
import { SERVICE_TOKEN_ALGORITHM } from './service-token-verifier';
import { bearerToken, peekJwt, TokenRejectedError } from './token';

export interface TokenVerifiers {
  access: (jwt: string) => Promise<Principal>;
  /** Built on first use (it loads the Secrets Manager client). */
  service: () => (jwt: string) => Promise<Principal>;
}

/**
 * Decides who an `Authorization` header speaks for, or throws TokenRejectedError.
 *
 * The token KIND is chosen by its (unverified) `iss`: the Cognito pool's issuer → access token,
 * a configured service issuer → service token, anything else → rejected. Each kind then has ONE
 * algorithm (RS256 / HS256), checked before any key is looked up and again by its verifier, so
 * `alg: none`, an HS256 token "signed" with the RSA public key, or an RS256 token claiming a service
 * issuer never reach a signature check with the wrong key type.
 *
 * @example
 * const principal = await authorize('Bearer eyJ...', config, verifiers);
 */
export async function authorize(
  authorization: string | undefined,
  config: AuthorizerConfig,
  verifiers: TokenVerifiers,
): Promise<Principal> {
  const jwt = bearerToken(authorization);
  const { header, payload } = peekJwt(jwt);
  if (payload.iss === config.accessToken.issuer) {
    if (header.alg !== ACCESS_TOKEN_ALGORITHM) throw new TokenRejectedError('algorithm-not-allowed');
    return verifiers.access(jwt);
  }
  if (typeof payload.iss === 'string' && config.serviceToken.issuers.includes(payload.iss)) {
    if (header.alg !== SERVICE_TOKEN_ALGORITHM) throw new TokenRejectedError('algorithm-not-allowed');
    return verifiers.service()(jwt);
  }
  throw new TokenRejectedError('unknown-issuer');
}
