// Real keys and real signatures for the authorizer tests: an RSA key pair served as a JWKS by
// node:http on 127.0.0.1 (a free port), Cognito-shaped access/id tokens signed with it, and
// HS256 service tokens. The hostile tokens (alg none, HS/RS confusion) are assembled by hand.
import type { KeyObject } from 'node:crypto';
import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from 'jsonwebtoken';

export const POOL_ID = 'us-east-1_TestPool1';
export const CLIENT_ID = 'mobile-client-id';
export const SERVICE_ISSUER = 'ledgerline-backoffice';
export const SERVICE_AUDIENCE = 'ledgerline-api-test';

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function rsaKey(kid: string = randomUUID()): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** A 64-character key like the one Terraform generates (letters and digits). */
export function serviceKey(): string {
  return randomBytes(48).toString('base64url').replace(/[-_]/g, 'x').slice(0, 64);
}

export interface JwksServer {
  issuer: string;
  jwksUri: string;
  /** How many times the JWKS was requested. */
  requests(): number;
  close(): Promise<void>;
}

/** Serves `{ keys: [...] }` for `keys` at `<issuer>/.well-known/jwks.json` on 127.0.0.1. */
export async function startJwksServer(keys: TestKey[], poolId = POOL_ID): Promise<JwksServer> {
  let count = 0;
  const jwks = {
    keys: keys.map((key) => ({
      ...key.publicKey.export({ format: 'jwk' }),
      kid: key.kid,
      alg: 'RS256',
      use: 'sig',
    })),
  };
  const server: Server = createServer((request, response) => {
    if (request.url === `/${poolId}/.well-known/jwks.json`) {
      count += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/${poolId}`;
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    requests: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const now = () => Math.floor(Date.now() / 1000);
/** Claims set to `undefined` by a test are left out of the token. */
const defined = (claims: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));

/** Claims of a Cognito access token, as a user pool issues them. */
export function accessClaims(
  issuer: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    sub: 'user-123',
    iss: issuer,
    client_id: CLIENT_ID,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: now(),
    iat: now(),
    exp: now() + 900,
    jti: randomUUID(),
    username: 'user-123',
    ...overrides,
  };
}

export function idClaims(issuer: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'user-123',
    iss: issuer,
    aud: CLIENT_ID,
    token_use: 'id',
    email: 'someone@example.com',
    iat: now(),
    exp: now() + 900,
    ...overrides,
  };
}

export function signRs256(
  key: TestKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  return sign(defined(claims), key.privateKey, {
    algorithm: 'RS256',
    keyid: key.kid,
    header: { alg: 'RS256', ...header },
  });
}

export function serviceClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: SERVICE_ISSUER,
    sub: 'reconciliation-job',
    aud: SERVICE_AUDIENCE,
    scope: 'ledger:deposit transactions:read',
    iat: now(),
    exp: now() + 300,
    ...overrides,
  };
}

export function signHs256(key: string, claims: Record<string, unknown>): string {
  return sign(defined(claims), key, { algorithm: 'HS256' });
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `alg: none` with an empty signature. */
export function unsignedToken(claims: Record<string, unknown>, kid?: string): string {
  return `${b64({ alg: 'none', typ: 'JWT', ...(kid && { kid }) })}.${b64(claims)}.`;
}

/** HS256 "signed" with the RSA public key (PEM) as the HMAC secret: the classic confusion attack. */
export function hsSignedWithPublicKey(key: TestKey, claims: Record<string, unknown>): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${b64(claims)}`;
  const pem = key.publicKey.export({ format: 'pem', type: 'spki' });
  return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
}

/** The same token with one payload claim changed and the original signature kept. */
export function tamper(jwt: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  return `${header}.${b64({ ...claims, ...change })}.${signature}`;
}
