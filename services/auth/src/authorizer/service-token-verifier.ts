import type { KeyObject } from 'node:crypto';
import type { JwtPayload, VerifyOptions } from 'jsonwebtoken';
import { JsonWebTokenError, NotBeforeError, TokenExpiredError, verify } from 'jsonwebtoken';
import type { ServiceTokenConfig } from './config';
import { CLOCK_SKEW_SECONDS } from './config';
import type { Principal } from '@ledgerline/shared/principal';
import type { SigningKeyCache } from './signing-key-cache';
import { scopesOf, SERVICE_TOKEN_ALGORITHM, TokenRejectedError } from './token';

function toRejection(error: unknown): unknown {
  if (error instanceof TokenRejectedError) return error;
  if (error instanceof TokenExpiredError) return new TokenRejectedError('expired', { cause: error });
  if (error instanceof NotBeforeError) return new TokenRejectedError('not-yet-valid', { cause: error });
  if (error instanceof JsonWebTokenError) {
    if (error.message === 'invalid signature')
      return new TokenRejectedError('invalid-signature', { cause: error });
    if (error.message === 'invalid algorithm' || error.message === 'jwt signature is required') {
      return new TokenRejectedError('algorithm-not-allowed', { cause: error });
    }
    if (error.message.startsWith('jwt malformed') || error.message.startsWith('invalid token')) {
      return new TokenRejectedError('malformed-token', { cause: error });
    }
    return new TokenRejectedError('invalid-claims', { cause: error });
  }
  return error;
}

const isSignatureFailure = (error: unknown) =>
  error instanceof JsonWebTokenError && error.message === 'invalid signature';

/**
 * Verifies back-office/partner service tokens: HS256 only, signed with the key from the
 * SecretSource (cached, refreshed on rotation: see SigningKeyCache), with required `iss` (one of
 * the configured issuers), `aud`, `exp` and a non-empty `scope`; `nbf` honoured; CLOCK_SKEW_SECONDS
 * of skew.
 *
 * @example
 * const verify = serviceTokenVerifier(config.serviceToken, new SigningKeyCache(secretSourceFor(config.serviceToken)));
 * const principal = await verify(jwt);
 */
export function serviceTokenVerifier(
  config: ServiceTokenConfig,
  keys: SigningKeyCache,
): (jwt: string) => Promise<Principal> {
  const options: VerifyOptions & { complete?: false } = {
    algorithms: [SERVICE_TOKEN_ALGORITHM],
    issuer: config.issuers as [string, ...string[]],
    audience: config.audience,
    clockTolerance: CLOCK_SKEW_SECONDS,
  };
  const verifyWith = (jwt: string, key: KeyObject): JwtPayload => {
    const payload = verify(jwt, key, options);
    if (typeof payload === 'string') throw new TokenRejectedError('malformed-token');
    return payload;
  };

  return async (jwt) => {
    try {
      let payload: JwtPayload;
      try {
        payload = verifyWith(jwt, await keys.current());
      } catch (error) {
        if (!isSignatureFailure(error)) throw error;
        // Maybe the key was rotated since we cached it: one guarded refetch, then a single retry.
        const rotated = await keys.refreshAfterSignatureFailure();
        if (!rotated) throw error;
        payload = verifyWith(jwt, rotated);
      }
      if (typeof payload.exp !== 'number') throw new TokenRejectedError('invalid-claims');
      if (typeof payload.scope !== 'string' || payload.scope.trim() === '') {
        throw new TokenRejectedError('invalid-claims');
      }
      const issuer = String(payload.iss);
      return {
        sub: typeof payload.sub === 'string' && payload.sub ? payload.sub : issuer,
        scopes: scopesOf(payload.scope),
        tokenType: 'service',
        clientId: issuer,
      };
    } catch (error) {
      throw toRejection(error);
    }
  };
}
