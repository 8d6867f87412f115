// Real users of the local stack: sign up, confirm with the code cognito-local prints, log in.
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { delay } from '../../../scripts/local/processes';
import { call } from './http';
import type { Stack } from './stack';

export interface User {
  email: string;
  sub: string;
  accessToken: string;
  refreshToken: string;
}

/** Every suite user's password (the bench signs in to the portal with it). */
export const USER_PASSWORD = 'Reliability-Suite-9!';

/**
 * Signs a user up and in: the confirmation code is the one cognito-local prints for this email (or,
 * if it has not printed it yet, the pool's AdminConfirmSignUp confirms the user).
 */
export async function signUpAndLogIn(stack: Stack, name: string): Promise<User> {
  const email = `${name}-${Date.now()}@example.com`;
  const signup = await call('setup', `${stack.auth}/auth/signup`, {
    method: 'POST',
    body: { email, password: USER_PASSWORD },
  });
  if (signup.status !== 201) throw new Error(`signup ${signup.status}: ${signup.text}`);
  let code: string | undefined;
  for (let i = 0; i < 30 && !code; i++) {
    const output = stack.output();
    const delivery = output.indexOf(`Destination: ${email}`);
    if (delivery >= 0) code = /Code:\s+(\d{4,10})/.exec(output.slice(delivery))?.[1];
    if (!code) await delay(100);
  }
  if (code) {
    const confirm = await call('setup', `${stack.auth}/auth/confirm`, {
      method: 'POST',
      body: { email, code },
    });
    if (confirm.status !== 204) throw new Error(`confirm ${confirm.status}: ${confirm.text}`);
  } else {
    // cognito-local's logger buffers its output: the last code can stay unprinted until more
    // output follows. The pool's admin API confirms the user instead (no IAM checks locally).
    const client = new CognitoIdentityProviderClient({
      endpoint: stack.issuer.slice(0, -(stack.poolId.length + 1)),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await client.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.poolId, Username: email }));
    } finally {
      client.destroy();
    }
  }
  const login = await call('setup', `${stack.auth}/auth/login`, {
    method: 'POST',
    body: { email, password: USER_PASSWORD },
  });
  if (login.status !== 200 || !login.json) throw new Error(`login ${login.status}: ${login.text}`);
  const accessToken = String(login.json.accessToken);
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
  };
  return { email, sub: claims.sub, accessToken, refreshToken: String(login.json.refreshToken) };
}
