/**
 * The port the auth endpoints talk to. Cognito implements it (cognito-identity-provider.ts), on AWS
 * and against cognito-local; tests may substitute it. Failures are IdentityProviderErrors with a
 * provider-neutral `kind`, which domain/auth-problems.ts turns into problem+json.
 */
export interface IdentityProvider {
  signUp(email: string, password: string): Promise<SignUpResult>;
  confirmSignUp(email: string, code: string): Promise<void>;
  logIn(email: string, password: string): Promise<Session>;
  refresh(refreshToken: string): Promise<Session>;
  /** Revokes one refresh token, so it mints no more tokens (idempotent: an invalid token is no error). */
  revokeRefreshToken(refreshToken: string): Promise<void>;
  /** Invalidates every refresh token of the user of `accessToken` (Cognito GlobalSignOut). */
  signOutEverywhere(accessToken: string): Promise<void>;
  /**
   * Turns the user's TOTP MFA off after a step-up sign-in with the password and a current code
   * (`username`: the pool username, which is the user's sub).
   */
  disableTotp(username: string, password: string, code: string): Promise<void>;
  /** Back office: the user can no longer sign in or refresh, and every refresh token is invalidated. */
  lockUser(userId: string): Promise<void>;
  /** Back office: the user can sign in again (sessions ended by the lock stay ended). */
  unlockUser(userId: string): Promise<void>;
  /** Back office, lost authenticator: TOTP MFA off and every refresh token invalidated. */
  resetMfa(userId: string): Promise<void>;
  /** Starts TOTP setup for the user of `accessToken`: a new authenticator secret (base32). */
  associateTotp(accessToken: string): Promise<{ secretCode: string }>;
  /** Checks a code of the new authenticator and makes TOTP the user's (preferred) MFA. */
  verifyTotp(accessToken: string, code: string, deviceName: string | undefined): Promise<void>;
  /** Completes a login's SOFTWARE_TOKEN_MFA challenge (`session` from the `mfa-required` error). */
  respondToTotpChallenge(email: string, session: string, code: string): Promise<Session>;
}

/** The challenge a login must complete before tokens are issued (on an `mfa-required` error). */
export interface LoginChallenge {
  /** Cognito's challenge name, e.g. `SOFTWARE_TOKEN_MFA`. */
  name: string;
  /** Opaque token that ties the answer to this login; valid for the app client's AuthSessionValidity. */
  session?: string;
}

export interface SignUpResult {
  userId: string;
  confirmed: boolean;
  /** Where the confirmation code went, masked by the provider (e.g. `a***@e***`). */
  codeDeliveredTo?: string;
}

export interface Session {
  accessToken: string;
  idToken?: string;
  /** Absent on refresh: the refresh token itself is reused. */
  refreshToken?: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export type IdentityErrorKind =
  | 'user-exists'
  | 'bad-credentials'
  | 'weak-password'
  | 'not-confirmed'
  | 'invalid-code'
  | 'expired-code'
  | 'invalid-parameter'
  | 'password-reset-required'
  | 'mfa-required'
  | 'invalid-mfa-code'
  | 'mfa-not-started'
  | 'bad-mfa-code'
  | 'mfa-not-enabled'
  | 'bad-step-up'
  | 'user-not-found'
  | 'throttled'
  | 'unavailable';

/** A failure the client can act on, in the provider's words mapped to ours. */
export class IdentityProviderError extends Error {
  /** On `mfa-required`: the challenge the login must complete, when the provider named one. */
  readonly challenge?: LoginChallenge;

  constructor(
    readonly kind: IdentityErrorKind,
    options?: { cause?: unknown; challenge?: LoginChallenge },
  ) {
    super(`identity provider: ${kind}`, options);
    this.name = 'IdentityProviderError';
    if (options?.challenge) this.challenge = options.challenge;
  }
}
