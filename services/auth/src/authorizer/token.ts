import { MAX_TOKEN_LENGTH } from './config';

/**
 * Service tokens are HMAC-SHA256 with the shared key; no other algorithm is accepted. Here rather
 * than beside the verifier: the authorizer routes on it without loading jsonwebtoken.
 */
export const SERVICE_TOKEN_ALGORITHM = 'HS256';

/** Why a token was refused; logged (never the token itself), never sent to the caller. */
export type DenyReason =
  | 'missing-token'
  | 'oversized-token'
  | 'malformed-token'
  | 'unknown-issuer'
  | 'algorithm-not-allowed'
  | 'invalid-signature'
  | 'unknown-key'
  | 'expired'
  | 'not-yet-valid'
  | 'issued-in-future'
  | 'lifetime-too-long'
  | 'invalid-claims'
  | 'session-ended';

/**
 * A token the authorizer refuses. The handler turns every one of these into API Gateway's
 * `Unauthorized` (401); anything else thrown is an outage (500), never an open door.
 */
export class TokenRejectedError extends Error {
  readonly reason: DenyReason;
  constructor(reason: DenyReason, options?: { cause?: unknown }) {
    super(`token rejected: ${reason}`, options);
    this.name = 'TokenRejectedError';
    this.reason = reason;
  }
}

/** A JWT split into its parts, NOT verified: only for choosing which verifier applies. */
export interface PeekedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * Extracts the JWT from an `Authorization: Bearer <jwt>` value, refusing anything oversized or
 * not shaped like a compact JWS (three base64url parts) before any decoding.
 */
export function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new TokenRejectedError('missing-token');
  if (authorization.length > MAX_TOKEN_LENGTH) throw new TokenRejectedError('oversized-token');
  const match = BEARER.exec(authorization.trim());
  if (!match?.[1]) throw new TokenRejectedError('malformed-token');
  return match[1];
}

function decodePart(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/** Decodes header and payload without verifying anything. */
export function peekJwt(jwt: string): PeekedJwt {
  const [header, payload] = jwt.split('.');
  try {
    return { header: decodePart(header ?? ''), payload: decodePart(payload ?? '') };
  } catch (error) {
    throw new TokenRejectedError('malformed-token', { cause: error });
  }
}

/** The scopes of a token's space-separated `scope` claim (none when absent or not a string). */
export const scopesOf = (scope: unknown): string[] =>
  typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
