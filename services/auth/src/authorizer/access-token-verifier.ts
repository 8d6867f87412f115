import { JwtVerifier } from 'aws-jwt-verify';
import {
  FetchError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwksNotAvailableInCacheError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import type { AccessTokenConfig } from './config';
import { CLOCK_SKEW_SECONDS, isLoopbackUrl } from './config';
import type { Principal } from '@ledgerline/shared/principal';
import type { SessionClaims } from '../domain/sessions';
import { ACCESS_TOKEN_LIFETIME_SECONDS } from '../domain/sessions';
import { scopesOf, TokenRejectedError } from './token';

/** The only algorithm Cognito user pools sign with; anything else is refused before key lookup. */
export const ACCESS_TOKEN_ALGORITHM = 'RS256';

/** A verified access token: who calls, and the session (token family) it belongs to. */
export interface VerifiedAccessToken {
  principal: Principal;
  session: SessionClaims;
}

export interface AccessTokenVerifierOptions {
  /** How to GET the JWKS. Default: aws-jwt-verify's https fetcher; a loopback http fetcher locally. */
  fetcher?: Fetcher;
  /** Seconds between JWKS refetches triggered by an unknown `kid` (default 10). */
  unknownKidWaitSeconds?: number;
  /** The clock `iat` is checked against (default Date.now; `exp`/`nbf` use aws-jwt-verify's). */
  now?: () => number;
}

/**
 * JWKS over plain http, for cognito-local on 127.0.0.1 only (aws-jwt-verify's own fetcher is https-only).
 * Refuses any other host so that a misconfiguration cannot make AWS fetch keys over http.
 */
export class LoopbackHttpFetcher implements Fetcher {
  async fetch(uri: string): Promise<ArrayBuffer> {
    if (!isLoopbackUrl(uri)) throw new FetchError(uri, 'only loopback http URLs are allowed');
    const response = await fetch(uri, { signal: AbortSignal.timeout(1_500) }).catch((error: unknown) => {
      throw new FetchError(uri, (error as Error).message);
    });
    if (response.status !== 200) throw new FetchError(uri, `status ${response.status}, expected 200`);
    return response.arrayBuffer();
  }
}

function toRejection(error: unknown): unknown {
  if (error instanceof TokenRejectedError) return error;
  // JWKS unreachable: an outage (500), not the caller's fault, and never an Allow.
  if (error instanceof FetchError) return error;
  if (error instanceof JwtExpiredError) return new TokenRejectedError('expired', { cause: error });
  if (error instanceof JwtNotBeforeError) return new TokenRejectedError('not-yet-valid', { cause: error });
  if (error instanceof JwtInvalidSignatureAlgorithmError) {
    return new TokenRejectedError('algorithm-not-allowed', { cause: error });
  }
  if (error instanceof JwtInvalidSignatureError)
    return new TokenRejectedError('invalid-signature', { cause: error });
  if (
    error instanceof KidNotFoundInJwksError ||
    error instanceof WaitPeriodNotYetEndedJwkError ||
    error instanceof JwtWithoutValidKidError
  ) {
    return new TokenRejectedError('unknown-key', { cause: error });
  }
  if (error instanceof JwtParseError) return new TokenRejectedError('malformed-token', { cause: error });
  if (error instanceof JwtBaseError) return new TokenRejectedError('invalid-claims', { cause: error });
  return error;
}

/**
 * Verifies Cognito user-pool ACCESS tokens: RS256 only, key from the pool's JWKS (fetched on first
 * use, then cached for the life of the Lambda instance; an unknown `kid` triggers at most one
 * refetch per `unknownKidWaitSeconds`), `iss`, `client_id`, `token_use: access`, `exp`/`nbf` with
 * CLOCK_SKEW_SECONDS of skew, and what a leaked or mis-minted key could otherwise stretch: `iat` no
 * later than now + skew, and a lifetime (`exp − iat`) no longer than the pool client's access-token
 * validity (ACCESS_TOKEN_LIFETIME_SECONDS). The session claims (`origin_jti`, `auth_time`) must be
 * there: the pool client has token revocation on, so Cognito always sets them.
 *
 * @example
 * const verify = accessTokenVerifier({ issuer, jwksUri, clientIds: [clientId] });
 * const principal = await verify(jwt);
 */
export function accessTokenVerifier(
  config: AccessTokenConfig,
  options: AccessTokenVerifierOptions = {},
): (jwt: string) => Promise<VerifiedAccessToken> {
  const now = options.now ?? Date.now;
  const fetcher = options.fetcher ?? (isLoopbackUrl(config.jwksUri) ? new LoopbackHttpFetcher() : undefined);
  const jwksCache = new SimpleJwksCache({
    ...(fetcher && { fetcher }),
    penaltyBox: new SimplePenaltyBox({ waitSeconds: options.unknownKidWaitSeconds ?? 10 }),
  });
  const verifier = JwtVerifier.create(
    {
      issuer: config.issuer,
      jwksUri: config.jwksUri,
      // Cognito access tokens carry no `aud`; the app client is in `client_id` (checked below).
      audience: null,
      graceSeconds: CLOCK_SKEW_SECONDS,
      customJwtCheck: ({ header, payload }) => {
        if (header.alg !== ACCESS_TOKEN_ALGORITHM) throw new TokenRejectedError('algorithm-not-allowed');
        if (payload.token_use !== 'access') throw new TokenRejectedError('invalid-claims');
        if (typeof payload.client_id !== 'string' || !config.clientIds.includes(payload.client_id)) {
          throw new TokenRejectedError('invalid-claims');
        }
        if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string' || !payload.sub) {
          throw new TokenRejectedError('invalid-claims');
        }
        if (typeof payload.iat !== 'number') throw new TokenRejectedError('invalid-claims');
        if (payload.iat > now() / 1000 + CLOCK_SKEW_SECONDS) throw new TokenRejectedError('issued-in-future');
        if (payload.exp - payload.iat > ACCESS_TOKEN_LIFETIME_SECONDS) {
          throw new TokenRejectedError('lifetime-too-long');
        }
        if (typeof payload.origin_jti !== 'string' || !payload.origin_jti) {
          throw new TokenRejectedError('invalid-claims');
        }
        if (typeof payload.auth_time !== 'number') throw new TokenRejectedError('invalid-claims');
      },
    },
    { jwksCache },
  );

  return async (jwt) => {
    try {
      // Warm path: synchronous, with the cached JWKS. Only a cold cache or an unknown kid goes to
      // the (rate-limited) JWKS fetch.
      let payload;
      try {
        payload = verifier.verifySync(jwt);
      } catch (error) {
        if (!(error instanceof JwksNotAvailableInCacheError || error instanceof KidNotFoundInJwksError))
          throw error;
        payload = await verifier.verify(jwt);
      }
      const sub = String(payload.sub);
      const family = String(payload.origin_jti);
      return {
        principal: {
          sub,
          scopes: scopesOf(payload.scope),
          tokenType: 'access',
          clientId: String(payload.client_id),
          tokenFamily: family,
          authTime: Number(payload.auth_time),
        },
        session: { sub, family, authTime: Number(payload.auth_time) },
      };
    } catch (error) {
      throw toRejection(error);
    }
  };
}
