import { ProblemError } from '@ledgerline/shared/errors';
import type { IdentityProvider, Session, SignUpResult } from '../ports/identity-provider';
import { asProblem } from '../domain/auth-problems';
import { normaliseEmail, passwordProblems } from '../domain/credentials';
import { otpauthUri } from '../domain/totp';
import { bearerToken } from '../authorizer/token';

/**
 * The account flows behind POST /auth/{signup,confirm,login}, the TOTP setup
 * (POST /auth/mfa/totp, /auth/mfa/totp/verify) and the TOTP login step (POST /auth/login/mfa).
 * Inputs arrive schema-validated (schemas.ts); here: the password policy, email normalisation, and
 * errors mapped to problem+json (auth-problems.ts). Refresh, logout and everything else that ends
 * sessions: sessions.ts.
 */
export async function signUp(
  provider: IdentityProvider,
  input: { email: string; password: string },
): Promise<SignUpResult> {
  const problems = passwordProblems(input.password);
  if (problems.length > 0) throw new ProblemError('validation-failed', { errors: problems });
  return asProblem(() => provider.signUp(normaliseEmail(input.email), input.password));
}

export async function confirmSignUp(
  provider: IdentityProvider,
  input: { email: string; code: string },
): Promise<void> {
  await asProblem(() => provider.confirmSignUp(normaliseEmail(input.email), input.code));
}

export async function logIn(
  provider: IdentityProvider,
  input: { email: string; password: string },
): Promise<Session> {
  return asProblem(() => provider.logIn(normaliseEmail(input.email), input.password));
}

/**
 * The token of the `Bearer` Authorization header (already verified by the authorizer), if any:
 * the authorizer's own parser, so both read the header by one rule.
 */
function accessTokenOf(authorization: string | undefined): string | undefined {
  try {
    return bearerToken(authorization);
  } catch {
    return undefined;
  }
}

/** Cognito's user APIs take the caller's own access token: without one there is nobody to act for. */
export function requireBearerToken(authorization: string | undefined): string {
  const token = accessTokenOf(authorization);
  if (!token) throw new ProblemError('unauthorized');
  return token;
}

export interface TotpSetup {
  /** The authenticator secret (base32): a secret, shown once, never stored by us. */
  secretCode: string;
  /** The same secret as an `otpauth://totp/...` URI, for a QR code. */
  otpauthUri: string;
}

/** Starts TOTP setup for the caller (`label`: the principal's sub, shown by the authenticator app). */
export async function setUpTotp(
  provider: IdentityProvider,
  label: string,
  authorization: string | undefined,
): Promise<TotpSetup> {
  const accessToken = requireBearerToken(authorization);
  const { secretCode } = await asProblem(() => provider.associateTotp(accessToken));
  return { secretCode, otpauthUri: otpauthUri(secretCode, label) };
}

/** Checks the first code of the new authenticator; from then on logins need a code. */
export async function verifyTotp(
  provider: IdentityProvider,
  input: { code: string; deviceName?: string },
  authorization: string | undefined,
): Promise<void> {
  const accessToken = requireBearerToken(authorization);
  await asProblem(() => provider.verifyTotp(accessToken, input.code, input.deviceName));
}

/** The second step of a login with TOTP: the session from /auth/login's 403 and the current code. */
export async function logInWithTotp(
  provider: IdentityProvider,
  input: { email: string; session: string; code: string },
): Promise<Session> {
  return asProblem(() =>
    provider.respondToTotpChallenge(normaliseEmail(input.email), input.session, input.code),
  );
}
