import {
  AdminDeleteUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { tracer } from '@ledgerline/shared/tracer';
import type { UserDirectory } from '../ports/user-directory';

/** A user that is not there any more: what the erasure's Cognito steps want anyway. */
const isUserNotFound = (error: unknown) =>
  (error as { name?: string } | null)?.name === 'UserNotFoundException';

/**
 * The user pool's Admin* API (the pool of the primary region: USER_POOL_ID, USER_POOL_REGION;
 * COGNITO_ENDPOINT locally, cognito-local). The Cognito `sub` is accepted as the user name.
 *
 * @example
 * const users = CognitoUserDirectory.fromEnvironment();
 * await users.deleteUser(sub);
 */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): CognitoUserDirectory {
    const userPoolId = env.USER_POOL_ID?.trim();
    if (!userPoolId) throw new Error('profiles: USER_POOL_ID is required');
    const endpoint = env.COGNITO_ENDPOINT?.trim() || undefined;
    const client = new CognitoIdentityProviderClient({
      region: env.USER_POOL_REGION?.trim() || env.AWS_REGION || 'us-east-1',
      ...(endpoint && { endpoint }),
      // cognito-local takes any credentials; the local stack may have none configured.
      ...(endpoint &&
        !env.AWS_ACCESS_KEY_ID && { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    });
    return new CognitoUserDirectory(tracer.captureAWSv3Client(client), userPoolId);
  }

  async signOutEverywhere(sub: string): Promise<void> {
    await this.ignoringMissingUser(() =>
      this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: sub })),
    );
  }

  async deleteUser(sub: string): Promise<void> {
    await this.ignoringMissingUser(() =>
      this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: sub })),
    );
  }

  private async ignoringMissingUser(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (!isUserNotFound(error)) throw error;
    }
  }
}
