import type { VerifiedAccessToken } from './access-token-verifier';
import { ACCESS_TOKEN_ALGORITHM } from './access-token-verifier';
import type { AuthorizerConfig } from './config';
import type { Principal } from '@ledgerline/shared/principal';
import { sessionVerdict } from '../domain/sessions';
import type { RevocationStore } from '../ports/revocation-store';
import { bearerToken, peekJwt, SERVICE_TOKEN_ALGORITHM, TokenRejectedError } from './token';

export interface TokenVerifiers {
  access: (jwt: string) => Promise<VerifiedAccessToken>;
  /** Built on first use (it loads jsonwebtoken, and reads the signing key from Secrets Manager). */
  service: () => (jwt: string) => Promise<Principal>;
  /** Where ended sessions are recorded (read once per access token the gateway has not cached). */
  sessions: Pick<RevocationStore, 'recordsFor'>;
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
 * A valid access token is then checked against the revocation records (domain/sessions.ts): a
 * revoked family or a family authenticated before the user's "not before" is refused. Only after
 * the signature: a forged token never costs a read. A failed read is thrown (API Gateway: 500),
 * never taken as "not revoked".
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
    const { principal, session } = await verifiers.access(jwt);
    const verdict = sessionVerdict(session, await verifiers.sessions.recordsFor(session.sub, session.family));
    if (verdict.ended) throw new TokenRejectedError('session-ended', { cause: new Error(verdict.why) });
    return principal;
  }
  if (typeof payload.iss === 'string' && config.serviceToken.issuers.includes(payload.iss)) {
    if (header.alg !== SERVICE_TOKEN_ALGORITHM) throw new TokenRejectedError('algorithm-not-allowed');
    return verifiers.service()(jwt);
  }
  throw new TokenRejectedError('unknown-issuer');
}
