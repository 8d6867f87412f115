import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { isTransientAwsError } from '@ledgerline/shared/errors';
import { tracer } from '@ledgerline/shared/tracer';
import type { IdentityErrorKind, IdentityProvider, Session, SignUpResult } from './identity-provider';
import { IdentityProviderError } from './identity-provider';

type Operation = 'signUp' | 'confirmSignUp' | 'logIn' | 'refresh' | 'logOut';

/**
 * Cognito exception → our kind, per operation. Login folds every "who are you" failure into one
 * `bad-credentials` (UserNotFound, NotAuthorized, and cognito-local's InvalidPassword for a wrong
 * password) so the answer never reveals whether an account exists.
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
      return operation === 'signUp' ? 'weak-password' : 'bad-credentials';
    case 'UserNotConfirmedException':
      return 'not-confirmed';
    case 'PasswordResetRequiredException':
      return 'password-reset-required';
    case 'CodeMismatchException':
      return 'invalid-code';
    case 'ExpiredCodeException':
      return 'expired-code';
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      // Confirming an unknown user must look like a wrong code (no user enumeration).
      return operation === 'confirmSignUp' ? 'invalid-code' : 'bad-credentials';
    case 'InvalidParameterException':
      return 'invalid-parameter';
    default:
      return isTransientAwsError(error) ? 'unavailable' : undefined;
  }
}

export interface CognitoIdentityProviderOptions {
  clientId: string;
  /** GlobalSignOut on logout (AWS). cognito-local lacks it: the local stack sets GLOBAL_SIGN_OUT=false. */
  globalSignOut: boolean;
}

/** IdentityProvider on a Cognito user pool app client without a secret (the mobile client). */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly options: CognitoIdentityProviderOptions,
  ) {}

  /** From the environment: USER_POOL_CLIENT_ID, USER_POOL_REGION (primary), COGNITO_ENDPOINT (local only). */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): CognitoIdentityProvider {
    const clientId = env.USER_POOL_CLIENT_ID?.trim();
    if (!clientId) throw new Error('auth: USER_POOL_CLIENT_ID is required');
    const endpoint = env.COGNITO_ENDPOINT?.trim() || undefined;
    const client = new CognitoIdentityProviderClient({
      region: env.USER_POOL_REGION?.trim() || env.AWS_REGION || 'us-east-1',
      ...(endpoint && { endpoint }),
      maxAttempts: 2,
    });
    return new CognitoIdentityProvider(tracer.captureAWSv3Client(client), {
      clientId,
      globalSignOut: env.GLOBAL_SIGN_OUT !== 'false',
    });
  }

  async signUp(email: string, password: string): Promise<SignUpResult> {
    const output = await this.call('signUp', () =>
      this.client.send(
        new SignUpCommand({
          ClientId: this.options.clientId,
          Username: email,
          Password: password,
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      ),
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
      this.client.send(
        new ConfirmSignUpCommand({
          ClientId: this.options.clientId,
          Username: email,
          ConfirmationCode: code,
        }),
      ),
    );
  }

  async logIn(email: string, password: string): Promise<Session> {
    const output = await this.call('logIn', () =>
      this.client.send(
        new InitiateAuthCommand({
          ClientId: this.options.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      ),
    );
    // A challenge (e.g. SOFTWARE_TOKEN_MFA for users who enabled TOTP) is not served by this
    // endpoint yet: the app completes it with the Cognito SDK (docs/auth.md).
    return toSession(output.AuthenticationResult, output.ChallengeName);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const output = await this.call('refresh', () =>
      this.client.send(
        new InitiateAuthCommand({
          ClientId: this.options.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      ),
    );
    return toSession(output.AuthenticationResult, output.ChallengeName);
  }

  async logOut(refreshToken: string, accessToken: string | undefined): Promise<void> {
    try {
      await this.call('logOut', () =>
        this.client.send(new RevokeTokenCommand({ ClientId: this.options.clientId, Token: refreshToken })),
      );
    } catch (error) {
      // RFC 7009: revoking a token that is already invalid is not an error (logout is idempotent).
      if (!(error instanceof IdentityProviderError && error.kind === 'bad-credentials')) throw error;
    }
    if (this.options.globalSignOut && accessToken) {
      await this.call('logOut', () =>
        this.client.send(new GlobalSignOutCommand({ AccessToken: accessToken })),
      ).catch((error: unknown) => {
        // An access token that is already signed out: nothing left to do.
        if (!(error instanceof IdentityProviderError && error.kind === 'bad-credentials')) throw error;
      });
    }
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

function toSession(result: AuthenticationResultType | undefined, challenge: string | undefined): Session {
  if (!result?.AccessToken) {
    throw new IdentityProviderError(challenge ? 'mfa-required' : 'unavailable', {
      cause: new Error(`no tokens; challenge ${challenge ?? 'none'}`),
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
