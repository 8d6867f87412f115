// cognito-local with the shim (scripts/local/cognito-local-faithful.cjs), against the real server through
// the AWS SDK: where the sessions depend on Amazon Cognito's behaviour, cognito-local now behaves the
// same (token families, auth_time on refresh, disabled users, global sign-out, admin MFA reset).
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { JsonWebKey } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import type { JwtPayload } from 'jsonwebtoken';
import { decode, verify } from 'jsonwebtoken';
import { generateSync } from 'otplib';
import type { LocalCognito } from '../../../../scripts/local/cognito-local';
import { startCognitoLocal } from '../../../../scripts/local/cognito-local';
import type { CognitoLocalModules } from '../../../../scripts/local/cognito-local-faithful.cjs';
import { loadCognitoLocal, patchCognitoLocal } from '../../../../scripts/local/cognito-local-faithful.cjs';
import { newEmail, STRONG_PASSWORD } from '../support/local-auth';

let cognito: LocalCognito;
let client: CognitoIdentityProviderClient;
let publicKey: ReturnType<typeof createPublicKey>;

beforeAll(async () => {
  cognito = await startCognitoLocal({ detached: false });
  client = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const jwks = (await (await fetch(`${cognito.issuer}/.well-known/jwks.json`)).json()) as {
    keys: JsonWebKey[];
  };
  publicKey = createPublicKey({ key: jwks.keys[0]!, format: 'jwk' });
}, 30_000);
afterAll(async () => {
  client?.destroy();
  await cognito?.stop();
});

/** The claims of a token, after checking its signature against cognito-local's JWKS, as the authorizer does. */
function claimsOf(token: string | undefined, use: 'access' | 'id'): JwtPayload {
  const claims = verify(token ?? '', publicKey, {
    algorithms: ['RS256'],
    issuer: cognito.issuer,
    ...(use === 'id' && { audience: cognito.clientId }),
  }) as JwtPayload;
  expect(decode(token ?? '', { complete: true })?.header.kid).toBe('CognitoLocal');
  expect(claims.token_use).toBe(use);
  return claims;
}

async function signedUpUser(): Promise<string> {
  const email = newEmail();
  await client.send(
    new SignUpCommand({
      ClientId: cognito.clientId,
      Username: email,
      Password: STRONG_PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  const code = await cognito.confirmationCode(email);
  await client.send(
    new ConfirmSignUpCommand({ ClientId: cognito.clientId, Username: email, ConfirmationCode: code }),
  );
  return email;
}

const login = (email: string) =>
  client.send(
    new InitiateAuthCommand({
      ClientId: cognito.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD },
    }),
  );
const tokensOf = async (email: string): Promise<AuthenticationResultType> => {
  const result = (await login(email)).AuthenticationResult;
  expect(result?.RefreshToken).toEqual(expect.any(String));
  return result!;
};
const refresh = (refreshToken: string | undefined) =>
  client.send(
    new InitiateAuthCommand({
      ClientId: cognito.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken ?? '' },
    }),
  );
const getUser = (accessToken: string | undefined) =>
  client.send(new GetUserCommand({ AccessToken: accessToken }));

const notAuthorized = (message: string) => ({ name: 'NotAuthorizedException', message });
const REVOKED = notAuthorized('Access Token has been revoked');
const REFRESH_REVOKED = notAuthorized('Refresh Token has been revoked');

describe('token families (origin_jti) and auth_time', () => {
  it('gives the access and ID tokens of one login one origin_jti, distinct from their jtis', async () => {
    const tokens = await tokensOf(await signedUpUser());
    const access = claimsOf(tokens.AccessToken, 'access');
    const id = claimsOf(tokens.IdToken, 'id');

    expect(access.origin_jti).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(id.origin_jti).toBe(access.origin_jti);
    expect(access.jti).not.toBe(access.origin_jti);
    expect(id.jti).not.toBe(access.origin_jti);
    expect(id.jti).not.toBe(access.jti);
    expect(access.client_id).toBe(cognito.clientId);
  });

  it('keeps origin_jti and auth_time on refresh, with a new jti; a second login starts a new family', async () => {
    const email = await signedUpUser();
    const first = await tokensOf(email);
    const before = claimsOf(first.AccessToken, 'access');

    const refreshed = (await refresh(first.RefreshToken)).AuthenticationResult;
    const access = claimsOf(refreshed?.AccessToken, 'access');
    const id = claimsOf(refreshed?.IdToken, 'id');

    expect(access.origin_jti).toBe(before.origin_jti);
    expect(id.origin_jti).toBe(before.origin_jti);
    expect(access.auth_time).toBe(before.auth_time);
    expect(id.auth_time).toBe(before.auth_time);
    expect(access.jti).not.toBe(before.jti);
    expect(access.iat).toBeGreaterThanOrEqual(before.iat!);
    // A refresh of the refreshed family's refresh token (the same one: Cognito does not rotate it) too.
    const again = claimsOf((await refresh(first.RefreshToken)).AuthenticationResult?.AccessToken, 'access');
    expect(again.origin_jti).toBe(before.origin_jti);

    const second = claimsOf((await tokensOf(email)).AccessToken, 'access');
    expect(second.origin_jti).not.toBe(before.origin_jti);
  });
});

describe('disabled users', () => {
  it('refuses login and refresh with NotAuthorizedException "User is disabled." until AdminEnableUser', async () => {
    const email = await signedUpUser();
    const tokens = await tokensOf(email);

    await client.send(new AdminDisableUserCommand({ UserPoolId: cognito.poolId, Username: email }));

    await expect(login(email)).rejects.toMatchObject(notAuthorized('User is disabled.'));
    await expect(refresh(tokens.RefreshToken)).rejects.toMatchObject(notAuthorized('User is disabled.'));
    // AWS: AdminDisableUser "revokes all access tokens for the user".
    await expect(getUser(tokens.AccessToken)).rejects.toMatchObject(REVOKED);

    await client.send(new AdminEnableUserCommand({ UserPoolId: cognito.poolId, Username: email }));
    // The shim treats disabling as a sign-out everywhere too (docs/auth.md): old sessions stay ended.
    await expect(refresh(tokens.RefreshToken)).rejects.toMatchObject(REFRESH_REVOKED);
    const after = await tokensOf(email);
    expect((await getUser(after.AccessToken)).Username).toEqual(expect.any(String));
  });
});

describe('sign-out everywhere', () => {
  it('GlobalSignOut ends every refresh token and access token of the user; a new login works', async () => {
    const email = await signedUpUser();
    const phone = await tokensOf(email);
    const laptop = await tokensOf(email);
    const laptopRefreshed = (await refresh(laptop.RefreshToken)).AuthenticationResult;

    expect(await client.send(new GlobalSignOutCommand({ AccessToken: phone.AccessToken }))).toMatchObject({
      $metadata: { httpStatusCode: 200 },
    });

    for (const session of [phone, laptop])
      await expect(refresh(session.RefreshToken)).rejects.toMatchObject(REFRESH_REVOKED);
    for (const accessToken of [phone.AccessToken, laptop.AccessToken, laptopRefreshed?.AccessToken])
      await expect(getUser(accessToken)).rejects.toMatchObject(REVOKED);
    await expect(
      client.send(new GlobalSignOutCommand({ AccessToken: phone.AccessToken })),
    ).rejects.toMatchObject(REVOKED);

    const fresh = await tokensOf(email);
    expect((await getUser(fresh.AccessToken)).Username).toEqual(expect.any(String));
    expect((await refresh(fresh.RefreshToken)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('AdminUserGlobalSignOut does the same, by email alias or by sub; unknown users are UserNotFoundException', async () => {
    const email = await signedUpUser();
    const first = await tokensOf(email);
    const sub = String(claimsOf(first.AccessToken, 'access').sub);

    await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: cognito.poolId, Username: email }));
    await expect(refresh(first.RefreshToken)).rejects.toMatchObject(REFRESH_REVOKED);
    await expect(getUser(first.AccessToken)).rejects.toMatchObject(REVOKED);

    const second = await tokensOf(email);
    await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: cognito.poolId, Username: sub }));
    await expect(refresh(second.RefreshToken)).rejects.toMatchObject(REFRESH_REVOKED);

    const third = await tokensOf(email);
    expect((await refresh(third.RefreshToken)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    await expect(
      client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: cognito.poolId, Username: newEmail() })),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('RevokeToken ends that refresh token’s family only: its access tokens are refused, other sessions go on', async () => {
    const email = await signedUpUser();
    const revoked = await tokensOf(email);
    const other = await tokensOf(email);

    await client.send(new RevokeTokenCommand({ ClientId: cognito.clientId, Token: revoked.RefreshToken }));

    await expect(refresh(revoked.RefreshToken)).rejects.toMatchObject(REFRESH_REVOKED);
    await expect(getUser(revoked.AccessToken)).rejects.toMatchObject(REVOKED);
    expect((await getUser(other.AccessToken)).Username).toEqual(expect.any(String));
    expect((await refresh(other.RefreshToken)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });
});

describe('TOTP users', () => {
  /** The code an authenticator app shows now for `secret` (SHA-1, 6 digits, 30 s). */
  const totp = (secret: string) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) });

  async function userWithTotp() {
    const email = await signedUpUser();
    const { AccessToken } = await tokensOf(email);
    const { SecretCode } = await client.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    const secret = SecretCode ?? '';
    await client.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(secret) }));
    await client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    return { email, secret };
  }

  it('an MFA login starts a family too, and its refresh token works (stored, as on AWS)', async () => {
    const { email, secret } = await userWithTotp();
    const challenge = await login(email);
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');

    const answered = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totp(secret) },
      }),
    );
    const tokens = answered.AuthenticationResult;
    const access = claimsOf(tokens?.AccessToken, 'access');
    expect(claimsOf(tokens?.IdToken, 'id').origin_jti).toBe(access.origin_jti);

    const refreshed = claimsOf(
      (await refresh(tokens?.RefreshToken)).AuthenticationResult?.AccessToken,
      'access',
    );
    expect(refreshed.origin_jti).toBe(access.origin_jti);
    expect(refreshed.auth_time).toBe(access.auth_time);
  });

  it('refuses a disabled TOTP user before the challenge', async () => {
    const { email } = await userWithTotp();
    await client.send(new AdminDisableUserCommand({ UserPoolId: cognito.poolId, Username: email }));
    await expect(login(email)).rejects.toMatchObject(notAuthorized('User is disabled.'));
  });

  it('AdminSetUserMFAPreference with TOTP off: the next login returns tokens without a challenge', async () => {
    const { email } = await userWithTotp();
    expect((await login(email)).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');

    await expect(
      client.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: cognito.poolId,
          Username: newEmail(),
          SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
        }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await client.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: cognito.poolId,
        Username: email,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );

    const after = await login(email);
    expect(after.ChallengeName).toBeUndefined();
    expect(after.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('AdminSetUserMFAPreference refuses to turn TOTP on for a user without a verified authenticator', async () => {
    const email = await signedUpUser();
    await expect(
      client.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: cognito.poolId,
          Username: email,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect((await login(email)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });
});

describe('the shim refuses to load on a cognito-local it does not fit', () => {
  // The real modules, loaded into this test's module registry (not the server's process).
  const real = (): CognitoLocalModules => loadCognitoLocal();

  it('throws when a patched function is missing, naming it', () => {
    const modules = { ...real(), tokenGenerator: { JwtTokenGenerator: class {} } };
    expect(() => patchCognitoLocal(modules)).toThrow(/JwtTokenGenerator\.prototype\.generate is missing/);
  });

  it('throws when cognito-local now implements a target the shim adds', () => {
    const modules = real();
    const { Targets } = modules.targets as { Targets: Record<string, unknown> };
    // Required by a test, the shim patched nothing by itself: this copy is cognito-local's own.
    expect(Object.keys(Targets)).not.toContain('GlobalSignOut');
    const withNative = { ...modules, targets: { Targets: { ...Targets, GlobalSignOut: () => undefined } } };
    expect(() => patchCognitoLocal(withNative)).toThrow(/native Targets\.GlobalSignOut/);
  });
});
