import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserDirectory } from '../ports/user-directory';

/**
 * The user pool through the Cognito admin API (AdminGetUser: the role holds it on the pool's ARN
 * only). Locally COGNITO_ENDPOINT points at cognito-local.
 *
 * @example
 * const directory = CognitoUserDirectory.fromEnvironment();
 * await directory.attributesOf(sub);
 */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  /** From USER_POOL_ID, USER_POOL_REGION (the primary pool's region), COGNITO_ENDPOINT (local only). */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): CognitoUserDirectory {
    const userPoolId = env.USER_POOL_ID?.trim();
    if (!userPoolId) throw new Error('profiles: USER_POOL_ID is required');
    const endpoint = env.COGNITO_ENDPOINT?.trim() || undefined;
    const region = env.USER_POOL_REGION?.trim() || userPoolId.split('_')[0] || env.AWS_REGION;
    return new CognitoUserDirectory(
      new CognitoIdentityProviderClient({ region, ...(endpoint && { endpoint }), maxAttempts: 3 }),
      userPoolId,
    );
  }

  async attributesOf(sub: string): Promise<Record<string, string> | undefined> {
    try {
      // Our users' username is their sub (sign-up uses the email as an alias); AdminGetUser takes either.
      const user = await this.client.send(
        new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: sub }),
      );
      return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
    } catch (error) {
      if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
      throw error;
    }
  }
}
