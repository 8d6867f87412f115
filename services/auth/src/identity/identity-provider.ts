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
  /** Revokes the refresh token (and the tokens issued from it) and, where supported, signs out everywhere. */
  logOut(refreshToken: string, accessToken: string | undefined): Promise<void>;
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
  | 'throttled'
  | 'unavailable';

/** A failure the client can act on, in the provider's words mapped to ours. */
export class IdentityProviderError extends Error {
  constructor(
    readonly kind: IdentityErrorKind,
    options?: { cause?: unknown },
  ) {
    super(`identity provider: ${kind}`, options);
    this.name = 'IdentityProviderError';
  }
}
