// Real users of the local stack: sign up, confirm with the code cognito-local prints, log in.
import { delay } from '../../../scripts/local/processes';
import { call } from './http';
import type { Stack } from './stack';

export interface User {
  email: string;
  sub: string;
  accessToken: string;
  refreshToken: string;
}

const PASSWORD = 'Reliability-Suite-9!';

/** One user at a time: the confirmation code is the first new `Code:` line after the sign-up. */
export async function signUpAndLogIn(stack: Stack, name: string): Promise<User> {
  const email = `${name}-${Date.now()}@example.com`;
  const codesBefore = [...stack.output().matchAll(/Code:\s+(\d{4,10})/g)].length;
  const signup = await call('setup', `${stack.auth}/auth/signup`, {
    method: 'POST',
    body: { email, password: PASSWORD },
  });
  if (signup.status !== 201) throw new Error(`signup ${signup.status}: ${signup.text}`);
  let code: string | undefined;
  for (let i = 0; i < 100 && !code; i++) {
    code = [...stack.output().matchAll(/Code:\s+(\d{4,10})/g)][codesBefore]?.[1];
    if (!code) await delay(100);
  }
  if (!code) throw new Error(`no confirmation code printed for ${email}`);
  const confirm = await call('setup', `${stack.auth}/auth/confirm`, {
    method: 'POST',
    body: { email, code },
  });
  if (confirm.status !== 204) throw new Error(`confirm ${confirm.status}: ${confirm.text}`);
  const login = await call('setup', `${stack.auth}/auth/login`, {
    method: 'POST',
    body: { email, password: PASSWORD },
  });
  if (login.status !== 200 || !login.json) throw new Error(`login ${login.status}: ${login.text}`);
  const accessToken = String(login.json.accessToken);
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
  };
  return { email, sub: claims.sub, accessToken, refreshToken: String(login.json.refreshToken) };
}
