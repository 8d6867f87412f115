// Types only (erased): the calls go through the shared JSON-protocol client, not the SDK's.
import type { AdminGetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { AwsJsonRpcClient } from '@ledgerline/shared/aws/json-rpc-client';
import type { UserDirectory } from '../ports/user-directory';

/**
 * The user pool through the Cognito admin API (AdminGetUser: the role holds it on the pool's ARN
 * only), as signed JSON requests (`AwsJsonRpcClient`, as the auth service's Cognito adapter: the
 * SDK's Cognito client would add 42 KB to each function using it). Locally COGNITO_ENDPOINT points
 * at cognito-local.
 *
 * @example
 * const directory = CognitoUserDirectory.fromEnvironment();
 * await directory.attributesOf(sub);
 */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly client: AwsJsonRpcClient,
    private readonly userPoolId: string,
  ) {}

  /** From USER_POOL_ID, USER_POOL_REGION (the primary pool's region), COGNITO_ENDPOINT (local only). */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): CognitoUserDirectory {
    const userPoolId = env.USER_POOL_ID?.trim();
    if (!userPoolId) throw new Error('profiles: USER_POOL_ID is required');
    const endpoint = env.COGNITO_ENDPOINT?.trim() || undefined;
    const region = env.USER_POOL_REGION?.trim() || userPoolId.split('_')[0] || env.AWS_REGION;
    return new CognitoUserDirectory(
      new AwsJsonRpcClient({
        service: 'cognito-idp',
        region: region || 'us-east-1',
        ...(endpoint && { endpoint }),
        maxAttempts: 3,
        attemptTimeoutMs: 3_000,
      }),
      userPoolId,
    );
  }

  async attributesOf(sub: string): Promise<Record<string, string> | undefined> {
    try {
      // Our users' username is their sub (sign-up uses the email as an alias); AdminGetUser takes either.
      const user = await this.client.call<AdminGetUserResponse>('AdminGetUser', {
        UserPoolId: this.userPoolId,
        Username: sub,
      });
      return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
    } catch (error) {
      if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
      throw error;
    }
  }

  // Erasure: both idempotent, a user already gone is what they want.
  async signOutEverywhere(sub: string): Promise<void> {
    await ignoringMissingUser(() =>
      this.client.call('AdminUserGlobalSignOut', { UserPoolId: this.userPoolId, Username: sub }),
    );
  }

  async deleteUser(sub: string): Promise<void> {
    await ignoringMissingUser(() =>
      this.client.call('AdminDeleteUser', { UserPoolId: this.userPoolId, Username: sub }),
    );
  }
}

async function ignoringMissingUser(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if ((error as { name?: string }).name !== 'UserNotFoundException') throw error;
  }
}
