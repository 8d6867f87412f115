// Types only (erased): the requests go through the shared JSON-protocol client, not the SDK's.
import type {
  AdminDisableUserRequest,
  AdminEnableUserRequest,
  AdminSetUserMFAPreferenceRequest,
  AdminUserGlobalSignOutRequest,
  AssociateSoftwareTokenRequest,
  AssociateSoftwareTokenResponse,
  AuthenticationResultType,
  ConfirmSignUpRequest,
  GlobalSignOutRequest,
  InitiateAuthRequest,
  InitiateAuthResponse,
  RespondToAuthChallengeRequest,
  RespondToAuthChallengeResponse,
  RevokeTokenRequest,
  SetUserMFAPreferenceRequest,
  SignUpRequest,
  SignUpResponse,
  VerifySoftwareTokenRequest,
  VerifySoftwareTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { AwsJsonRpcClient } from '@ledgerline/shared/aws/json-rpc-client';
import { isTransientAwsError } from '@ledgerline/shared/errors';
import type { IdentityErrorKind, IdentityProvider, Session, SignUpResult } from '../ports/identity-provider';
import { IdentityProviderError } from '../ports/identity-provider';

type Operation =
  | 'signUp'
  | 'confirmSignUp'
  | 'logIn'
  | 'refresh'
  | 'revokeRefreshToken'
  | 'signOutEverywhere'
  | 'associateTotp'
  | 'verifyTotp'
  | 'respondToTotpChallenge'
  | 'disableTotp'
  | 'admin';

/**
 * Cognito exception → our kind, per operation. Login folds every "who are you" failure into one
 * `bad-credentials` (UserNotFound, NotAuthorized, and cognito-local's InvalidPassword for a wrong
 * password) so the answer never reveals whether an account exists. The TOTP challenge folds a wrong
 * code and a dead session into one `bad-mfa-code`. TOTP setup: a wrong code is
 * EnableSoftwareTokenMFAException on AWS and CodeMismatchException on cognito-local; no setup
 * started is SoftwareTokenMFANotFoundException (AWS) or InvalidParameterException (cognito-local).
 * Turning TOTP off: a wrong password in the step-up sign-in is `bad-step-up` (the caller is signed
 * in: a 400 on the field, not a 401 that would read as "your session ended"), a wrong code is
 * `invalid-mfa-code`. Back-office calls: an unknown user is `user-not-found`.
 */
export function identityErrorKind(operation: Operation, error: unknown): IdentityErrorKind | undefined {
  const name = (error as { name?: string }).name ?? '';
  switch (name) {
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      return 'throttled';
    case 'UsernameExistsException':
      return operation === 'signUp' ? 'user-exists' : undefined;
    case 'InvalidPasswordException':
      if (operation === 'disableTotp') return 'bad-step-up';
      return operation === 'signUp' ? 'weak-password' : 'bad-credentials';
    case 'UserNotConfirmedException':
      return 'not-confirmed';
    case 'PasswordResetRequiredException':
      return 'password-reset-required';
    case 'CodeMismatchException':
      if (operation === 'verifyTotp' || operation === 'disableTotp') return 'invalid-mfa-code';
      return operation === 'respondToTotpChallenge' ? 'bad-mfa-code' : 'invalid-code';
    case 'EnableSoftwareTokenMFAException':
      return operation === 'verifyTotp' ? 'invalid-mfa-code' : undefined;
    case 'ExpiredCodeException':
      if (operation === 'disableTotp') return 'invalid-mfa-code';
      return operation === 'respondToTotpChallenge' ? 'bad-mfa-code' : 'expired-code';
    case 'SoftwareTokenMFANotFoundException':
      if (operation === 'verifyTotp') return 'mfa-not-started';
      return operation === 'respondToTotpChallenge' ? 'bad-mfa-code' : undefined;
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      // Confirming an unknown user must look like a wrong code (no user enumeration).
      if (operation === 'confirmSignUp') return 'invalid-code';
      if (operation === 'disableTotp') return 'bad-step-up';
      // The back office names users by id: saying one does not exist reveals nothing new.
      if (operation === 'admin') return name === 'UserNotFoundException' ? 'user-not-found' : undefined;
      return operation === 'respondToTotpChallenge' ? 'bad-mfa-code' : 'bad-credentials';
    case 'InvalidParameterException':
      // Schema-checked input leaves one cause on VerifySoftwareToken: no AssociateSoftwareToken first.
      return operation === 'verifyTotp' ? 'mfa-not-started' : 'invalid-parameter';
    default:
      return isTransientAwsError(error) ? 'unavailable' : undefined;
  }
}

export interface CognitoIdentityProviderOptions {
  clientId: string;
  /** The pool, for the back-office (Admin*) calls; only their functions get USER_POOL_ID. */
  userPoolId?: string;
}

/** The Cognito operations this adapter calls, with their request and response shapes. */
interface Operations {
  SignUp: [SignUpRequest, SignUpResponse];
  ConfirmSignUp: [ConfirmSignUpRequest, object];
  InitiateAuth: [InitiateAuthRequest, InitiateAuthResponse];
  RespondToAuthChallenge: [RespondToAuthChallengeRequest, RespondToAuthChallengeResponse];
  RevokeToken: [RevokeTokenRequest, object];
  GlobalSignOut: [GlobalSignOutRequest, object];
  SetUserMFAPreference: [SetUserMFAPreferenceRequest, object];
  AssociateSoftwareToken: [AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse];
  VerifySoftwareToken: [VerifySoftwareTokenRequest, VerifySoftwareTokenResponse];
  AdminDisableUser: [AdminDisableUserRequest, object];
  AdminEnableUser: [AdminEnableUserRequest, object];
  AdminSetUserMFAPreference: [AdminSetUserMFAPreferenceRequest, object];
  AdminUserGlobalSignOut: [AdminUserGlobalSignOutRequest, object];
}

/**
 * IdentityProvider on a Cognito user pool app client without a secret (the mobile client). The
 * calls are the Cognito API's JSON requests through the shared `AwsJsonRpcClient` (unsigned where
 * the SDK sends them unsigned, SigV4 for the Admin* calls), not the SDK's Cognito client: that
 * client is 42 KB of every auth function's bundle (docs/performance.md). Errors keep the SDK's
 * names, so the mapping below is the same.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly client: AwsJsonRpcClient,
    private readonly options: CognitoIdentityProviderOptions,
  ) {}

  /**
   * From the environment: USER_POOL_CLIENT_ID, USER_POOL_ID (back-office functions), USER_POOL_REGION
   * (primary), COGNITO_ENDPOINT (local only).
   */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): CognitoIdentityProvider {
    const clientId = env.USER_POOL_CLIENT_ID?.trim();
    if (!clientId) throw new Error('auth: USER_POOL_CLIENT_ID is required');
    const endpoint = env.COGNITO_ENDPOINT?.trim() || undefined;
    const client = new AwsJsonRpcClient({
      service: 'cognito-idp',
      region: env.USER_POOL_REGION?.trim() || env.AWS_REGION || 'us-east-1',
      ...(endpoint && { endpoint }),
      maxAttempts: 2,
      // Cognito answers in well under a second; two attempts stay inside the 10 s function timeout.
      attemptTimeoutMs: 3_000,
    });
    const userPoolId = env.USER_POOL_ID?.trim() || undefined;
    return new CognitoIdentityProvider(client, { clientId, ...(userPoolId && { userPoolId }) });
  }

  async signUp(email: string, password: string): Promise<SignUpResult> {
    const output = await this.call('signUp', () =>
      this.send('SignUp', {
        ClientId: this.options.clientId,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    return {
      userId: output.UserSub ?? '',
      confirmed: output.UserConfirmed ?? false,
      ...(output.CodeDeliveryDetails?.Destination && {
        codeDeliveredTo: output.CodeDeliveryDetails.Destination,
      }),
    };
  }

  async confirmSignUp(email: string, code: string): Promise<void> {
    await this.call('confirmSignUp', () =>
      this.send('ConfirmSignUp', {
        ClientId: this.options.clientId,
        Username: email,
        ConfirmationCode: code,
      }),
    );
  }

  async logIn(email: string, password: string): Promise<Session> {
    const output = await this.call('logIn', () =>
      this.send('InitiateAuth', {
        ClientId: this.options.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    // A challenge (SOFTWARE_TOKEN_MFA for users who enabled TOTP) becomes an `mfa-required` error
    // carrying the challenge and its session: POST /auth/login/mfa completes it (docs/auth.md).
    return toSession(output.AuthenticationResult, output.ChallengeName, output.Session);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const output = await this.call('refresh', () =>
      this.send('InitiateAuth', {
        ClientId: this.options.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    return toSession(output.AuthenticationResult, output.ChallengeName, output.Session);
  }

  async revokeRefreshToken(refreshToken: string): Promise<void> {
    try {
      await this.call('revokeRefreshToken', () =>
        this.send('RevokeToken', { ClientId: this.options.clientId, Token: refreshToken }),
      );
    } catch (error) {
      // RFC 7009: revoking a token that is already invalid is not an error (logout is idempotent).
      if (!(error instanceof IdentityProviderError && error.kind === 'bad-credentials')) throw error;
    }
  }

  async signOutEverywhere(accessToken: string): Promise<void> {
    await this.call('signOutEverywhere', () =>
      this.send('GlobalSignOut', { AccessToken: accessToken }),
    ).catch((error: unknown) => {
      // Already signed out (a second logout-all): nothing left to do.
      if (!(error instanceof IdentityProviderError && error.kind === 'bad-credentials')) throw error;
    });
  }

  async disableTotp(username: string, password: string, code: string): Promise<void> {
    // Cognito checks a TOTP code only inside a sign-in, so turning MFA off is a step-up sign-in
    // (password, then the code) whose own tokens act once and are then revoked.
    const started = await this.call('disableTotp', () =>
      this.send('InitiateAuth', {
        ClientId: this.options.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    if (started.AuthenticationResult?.RefreshToken) {
      // No challenge: TOTP is not on. Leave nothing behind.
      await this.revokeRefreshToken(started.AuthenticationResult.RefreshToken);
      throw new IdentityProviderError('mfa-not-enabled');
    }
    if (started.ChallengeName !== 'SOFTWARE_TOKEN_MFA' || !started.Session) {
      throw new IdentityProviderError('mfa-not-enabled', {
        cause: new Error(`challenge ${started.ChallengeName ?? 'none'}`),
      });
    }
    const answered = await this.call('disableTotp', () =>
      this.send('RespondToAuthChallenge', {
        ClientId: this.options.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
        Session: started.Session,
      }),
    );
    const stepUp = toSession(answered.AuthenticationResult, answered.ChallengeName, answered.Session);
    try {
      await this.call('disableTotp', () =>
        this.send('SetUserMFAPreference', {
          AccessToken: stepUp.accessToken,
          SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
        }),
      );
    } finally {
      if (stepUp.refreshToken) await this.revokeRefreshToken(stepUp.refreshToken);
    }
  }

  async lockUser(userId: string): Promise<void> {
    const user = this.adminUser(userId);
    await this.call('admin', () => this.send('AdminDisableUser', user));
    await this.call('admin', () => this.send('AdminUserGlobalSignOut', user));
  }

  async unlockUser(userId: string): Promise<void> {
    await this.call('admin', () => this.send('AdminEnableUser', this.adminUser(userId)));
  }

  async resetMfa(userId: string): Promise<void> {
    const user = this.adminUser(userId);
    await this.call('admin', () =>
      this.send('AdminSetUserMFAPreference', {
        ...user,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
    await this.call('admin', () => this.send('AdminUserGlobalSignOut', user));
  }

  /** The pool and username of a back-office call (the pool's usernames are the users' subs). */
  private adminUser(userId: string): { UserPoolId: string; Username: string } {
    if (!this.options.userPoolId) throw new Error('auth: USER_POOL_ID is required for back-office calls');
    return { UserPoolId: this.options.userPoolId, Username: userId };
  }

  async associateTotp(accessToken: string): Promise<{ secretCode: string }> {
    const output = await this.call('associateTotp', () =>
      this.send('AssociateSoftwareToken', { AccessToken: accessToken }),
    );
    if (!output.SecretCode) {
      throw new IdentityProviderError('unavailable', { cause: new Error('no SecretCode') });
    }
    return { secretCode: output.SecretCode };
  }

  async verifyTotp(accessToken: string, code: string, deviceName: string | undefined): Promise<void> {
    const verified = await this.call('verifyTotp', () =>
      this.send('VerifySoftwareToken', {
        AccessToken: accessToken,
        UserCode: code,
        ...(deviceName && { FriendlyDeviceName: deviceName }),
      }),
    );
    // The API can also answer a refused code with Status ERROR instead of an exception: MFA must not
    // be turned on then (SetUserMFAPreference would fail later with a misleading error).
    if (verified.Status !== 'SUCCESS') {
      throw new IdentityProviderError('invalid-mfa-code', {
        cause: new Error(`VerifySoftwareToken status ${verified.Status ?? 'missing'}`),
      });
    }
    await this.call('verifyTotp', () =>
      this.send('SetUserMFAPreference', {
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
  }

  async respondToTotpChallenge(email: string, session: string, code: string): Promise<Session> {
    const output = await this.call('respondToTotpChallenge', () =>
      this.send('RespondToAuthChallenge', {
        ClientId: this.options.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
        Session: session,
      }),
    );
    return toSession(output.AuthenticationResult, output.ChallengeName, output.Session);
  }

  /** One Cognito API call (its errors keep Cognito's exception names). */
  private send<K extends keyof Operations>(operation: K, input: Operations[K][0]): Promise<Operations[K][1]> {
    return this.client.call<Operations[K][1]>(operation, input);
  }

  private async call<T>(operation: Operation, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const kind = identityErrorKind(operation, error);
      if (kind) throw new IdentityProviderError(kind, { cause: error });
      throw error;
    }
  }
}

function toSession(
  result: AuthenticationResultType | undefined,
  challenge: string | undefined,
  session: string | undefined,
): Session {
  if (!result?.AccessToken) {
    throw new IdentityProviderError(challenge ? 'mfa-required' : 'unavailable', {
      cause: new Error(`no tokens; challenge ${challenge ?? 'none'}`),
      ...(challenge && { challenge: { name: challenge, ...(session && { session }) } }),
    });
  }
  return {
    accessToken: result.AccessToken,
    ...(result.IdToken && { idToken: result.IdToken }),
    ...(result.RefreshToken && { refreshToken: result.RefreshToken }),
    expiresIn: result.ExpiresIn ?? 0,
    tokenType: 'Bearer',
  };
}
