// Forged and misused tokens for the token attacks. Access tokens are signed with cognito-local's
// bundled key (public in the npm package, local use only), so each forged token is VALIDLY signed and
// wrong in exactly one way; "another pool" tokens use a fresh RSA key of our own; HS/RS confusion
// signs HS256 with the JWKS public key's PEM; service tokens are signed with this run's key file.
import type { KeyObject } from 'node:crypto';
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './stack';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const localKeys = join(repoRoot, 'node_modules/cognito-local/lib/keys');
const cognitoPrivate = createPrivateKey({
  key: (JSON.parse(readFileSync(join(localKeys, 'cognitoLocal.private.json'), 'utf8')) as { pem: string })
    .pem,
  format: 'pem',
});
const cognitoPublicPem = createPublicKey(cognitoPrivate).export({ type: 'spki', format: 'pem' }).toString();
const otherPool = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

export function rs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', ...header })}.${b64(payload)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

export function hs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: string,
): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', ...header })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

export interface TokenContext {
  issuer: string;
  clientId: string;
  serviceKey: string;
  stage: string;
}

const now = () => Math.floor(Date.now() / 1000);

/** Every scope of the ledger's back office (the sample service token `npm start` prints has them all). */
export const LEDGER_SCOPES = 'ledger:deposit ledger:withdraw ledger:admin transactions:read';

/** Claims of a valid cognito-local access token for `sub`. */
export function accessClaims(context: TokenContext, sub: string): Record<string, unknown> {
  return {
    sub,
    iss: context.issuer,
    client_id: context.clientId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: now(),
    iat: now(),
    exp: now() + 900,
    jti: `rel-${sub}`,
    // The session (token family): Cognito sets it with token revocation on; the authorizer needs it.
    origin_jti: `rel-family-${sub}`,
    username: sub,
  };
}

/** A correctly signed access token with `claims` over a valid one's (sessions that have ended). */
export function signedAccessToken(
  context: TokenContext,
  sub: string,
  claims: Record<string, unknown>,
): string {
  return rs256({ kid: 'CognitoLocal' }, { ...accessClaims(context, sub), ...claims }, cognitoPrivate);
}

/** A correctly signed access token (control: must be accepted, proving the attacks are precise). */
export function validAccessToken(context: TokenContext, sub: string): string {
  return rs256({ kid: 'CognitoLocal' }, accessClaims(context, sub), cognitoPrivate);
}

/** A correctly signed service token with `claims` (e.g. `{ scope: 'ledger:deposit' }`) over the defaults. */
export function serviceToken(context: TokenContext, claims: Record<string, unknown>): string {
  return hs256(
    {},
    {
      iss: 'ledgerline-backoffice',
      aud: `ledgerline-api-${context.stage}`,
      sub: 'reliability-suite',
      iat: now(),
      exp: now() + 900,
      ...claims,
    },
    context.serviceKey,
  );
}

/**
 * Every token attack the suite tries, by name. Each is refused by the authorizer (401) or, for a valid
 * token that lacks the right type/scope, by the handler before anything is read (403).
 */
export function tokenAttacks(
  context: TokenContext,
  victimSub: string,
): Array<{ name: string; authorization?: string; expected: number[] }> {
  const claims = accessClaims(context, victimSub);
  const valid = validAccessToken(context, victimSub);
  const [h, p] = valid.split('.') as [string, string, string];
  const tamperedPayload = b64({ ...claims, sub: `${victimSub}-x` });
  const bearer = (token: string) => `Bearer ${token}`;
  const signed = (
    overrides: Record<string, unknown>,
    header: Record<string, unknown> = { kid: 'CognitoLocal' },
  ) => bearer(rs256(header, { ...claims, ...overrides }, cognitoPrivate));
  return [
    { name: 'no token', expected: [401] },
    { name: 'empty bearer', authorization: 'Bearer ', expected: [401] },
    { name: 'garbage', authorization: 'Bearer garbage', expected: [401] },
    { name: 'not bearer', authorization: `Basic ${Buffer.from('a:b').toString('base64')}`, expected: [401] },
    { name: 'three garbage parts', authorization: 'Bearer aaa.bbb.ccc', expected: [401] },
    {
      name: 'oversized (5000 chars)',
      authorization: bearer(`${h}.${p}.${'A'.repeat(5000)}`),
      expected: [401],
    },
    {
      name: 'alg none, no signature',
      authorization: bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${p}.`),
      expected: [401],
    },
    {
      name: 'alg none, valid signature kept',
      authorization: bearer(`${b64({ alg: 'none', kid: 'CognitoLocal' })}.${p}.${valid.split('.')[2]}`),
      expected: [401],
    },
    {
      name: 'HS256 signed with the JWKS public key (HS/RS confusion)',
      authorization: bearer(hs256({ kid: 'CognitoLocal' }, claims, cognitoPublicPem)),
      expected: [401],
    },
    {
      name: 'RS256 token claiming the service issuer',
      authorization: bearer(
        rs256(
          { kid: 'CognitoLocal' },
          {
            ...claims,
            iss: 'ledgerline-backoffice',
            aud: `ledgerline-api-${context.stage}`,
            scope: LEDGER_SCOPES,
          },
          cognitoPrivate,
        ),
      ),
      expected: [401],
    },
    { name: 'unknown kid', authorization: signed({}, { kid: 'not-a-key' }), expected: [401] },
    { name: 'no kid', authorization: signed({}, {}), expected: [401] },
    {
      name: 'expired (beyond skew)',
      authorization: signed({ iat: now() - 3600, exp: now() - 60 }),
      expected: [401],
    },
    { name: 'no exp', authorization: signed({ exp: undefined }), expected: [401] },
    {
      name: 'issued in the future (iat +1 h, exp +2 h)',
      authorization: signed({ iat: now() + 3600, exp: now() + 7200 }),
      expected: [401],
    },
    {
      name: 'lifetime longer than the pool client allows (exp − iat = 1 h)',
      authorization: signed({ iat: now(), exp: now() + 3600 }),
      expected: [401],
    },
    { name: 'no origin_jti (no session)', authorization: signed({ origin_jti: undefined }), expected: [401] },
    { name: 'no auth_time', authorization: signed({ auth_time: undefined }), expected: [401] },
    { name: 'future nbf (beyond skew)', authorization: signed({ nbf: now() + 300 }), expected: [401] },
    {
      name: 'wrong issuer (other cognito-local pool)',
      authorization: signed({ iss: `${context.issuer.replace(/\/[^/]+$/, '')}/local_OtherPool` }),
      expected: [401],
    },
    {
      name: 'wrong issuer (AWS pool)',
      authorization: signed({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Attacker' }),
      expected: [401],
    },
    {
      name: 'wrong client_id (audience)',
      authorization: signed({ client_id: 'attacker-client' }),
      expected: [401],
    },
    {
      name: 'id token (token_use id, aud)',
      authorization: signed({ token_use: 'id', aud: context.clientId, client_id: undefined }),
      expected: [401],
    },
    { name: 'token_use missing', authorization: signed({ token_use: undefined }), expected: [401] },
    {
      name: 'tampered payload (sub changed, signature kept)',
      authorization: bearer(`${h}.${tamperedPayload}.${valid.split('.')[2]}`),
      expected: [401],
    },
    { name: 'signature stripped', authorization: bearer(`${h}.${p}.`), expected: [401] },
    {
      name: "another pool's key (own RSA key, same kid and issuer)",
      authorization: bearer(rs256({ kid: 'CognitoLocal' }, claims, otherPool)),
      expected: [401],
    },
    {
      name: 'service token signed with a wrong key',
      authorization: bearer(
        hs256(
          {},
          {
            iss: 'ledgerline-backoffice',
            aud: `ledgerline-api-${context.stage}`,
            scope: LEDGER_SCOPES,
            exp: now() + 900,
          },
          'not-the-key',
        ),
      ),
      expected: [401],
    },
    {
      name: 'service token with RS256',
      authorization: bearer(
        rs256(
          { kid: 'CognitoLocal' },
          {
            iss: 'ledgerline-backoffice',
            aud: `ledgerline-api-${context.stage}`,
            scope: LEDGER_SCOPES,
            exp: now() + 900,
          },
          cognitoPrivate,
        ),
      ),
      expected: [401],
    },
    {
      name: 'service token, wrong audience',
      authorization: bearer(serviceToken(context, { aud: 'ledgerline-api-prod', scope: LEDGER_SCOPES })),
      expected: [401],
    },
    {
      name: 'service token, expired',
      authorization: bearer(serviceToken(context, { exp: now() - 60, scope: LEDGER_SCOPES })),
      expected: [401],
    },
    {
      name: 'service token, future nbf',
      authorization: bearer(serviceToken(context, { nbf: now() + 300, scope: LEDGER_SCOPES })),
      expected: [401],
    },
    {
      name: 'service token, empty scope',
      authorization: bearer(serviceToken(context, { scope: '' })),
      expected: [401],
    },
  ];
}
