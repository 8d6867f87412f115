import { ProblemError } from '@ledgerline/shared/errors';
import type { IdentityProvider, Session, SignUpResult } from '../identity/identity-provider';
import { asProblem } from './auth-problems';
import { normaliseEmail, passwordProblems } from './credentials';

/**
 * The five account flows behind POST /auth/{signup,confirm,login,refresh,logout}. Inputs arrive
 * schema-validated (schemas.ts); here: the password policy, email normalisation, and errors mapped
 * to problem+json (auth-problems.ts).
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

export async function refresh(provider: IdentityProvider, input: { refreshToken: string }): Promise<Session> {
  return asProblem(() => provider.refresh(input.refreshToken));
}

/** `authorization` is the caller's `Authorization` header (already verified by the authorizer). */
export async function logOut(
  provider: IdentityProvider,
  input: { refreshToken: string },
  authorization: string | undefined,
): Promise<void> {
  const accessToken = authorization?.startsWith('Bearer ')
    ? authorization.slice('Bearer '.length).trim()
    : undefined;
  await asProblem(() => provider.logOut(input.refreshToken, accessToken));
}
