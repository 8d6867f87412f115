// The authorizer's decision table, shared by the domain test (reasons) and the handler test
// (API Gateway outcome). Every case builds its token from the real keys of one test fixture.
import type { DenyReason } from '../../src/authorizer/token';
import type { TestKey } from './tokens';
import {
  accessClaims,
  hsSignedWithPublicKey,
  idClaims,
  rsaKey,
  serviceClaims,
  serviceKey,
  signHs256,
  signRs256,
  tamper,
  unsignedToken,
} from './tokens';

export interface Fixture {
  issuer: string;
  key: TestKey;
  serviceKey: string;
}

export interface DecisionCase {
  name: string;
  /** The whole Authorization header value (undefined: header missing). */
  authorization: (fixture: Fixture) => string | undefined;
  expected: { allow: true; tokenType: 'access' | 'service' } | { allow: false; reason: DenyReason };
}

const now = () => Math.floor(Date.now() / 1000);
const bearer = (jwt: string) => `Bearer ${jwt}`;
const strangerKey = rsaKey('stranger');

export const decisionTable: DecisionCase[] = [
  {
    name: 'valid access token',
    authorization: (f) => bearer(signRs256(f.key, accessClaims(f.issuer))),
    expected: { allow: true, tokenType: 'access' },
  },
  {
    name: 'access token expired (beyond the clock skew)',
    authorization: (f) =>
      bearer(signRs256(f.key, accessClaims(f.issuer, { iat: now() - 960, exp: now() - 60 }))),
    expected: { allow: false, reason: 'expired' },
  },
  {
    name: 'access token not yet valid (nbf beyond the clock skew)',
    authorization: (f) => bearer(signRs256(f.key, accessClaims(f.issuer, { nbf: now() + 120 }))),
    expected: { allow: false, reason: 'not-yet-valid' },
  },
  {
    name: 'access token without exp',
    authorization: (f) => bearer(signRs256(f.key, accessClaims(f.issuer, { exp: undefined }))),
    expected: { allow: false, reason: 'invalid-claims' },
  },
  {
    name: 'access token issued in the future (iat 1 h ahead, exp 2 h ahead)',
    authorization: (f) =>
      bearer(signRs256(f.key, accessClaims(f.issuer, { iat: now() + 3600, exp: now() + 7200 }))),
    expected: { allow: false, reason: 'issued-in-future' },
  },
  {
    name: 'access token iat within the clock skew ahead',
    authorization: (f) =>
      bearer(signRs256(f.key, accessClaims(f.issuer, { iat: now() + 5, exp: now() + 905 }))),
    expected: { allow: true, tokenType: 'access' },
  },
  {
    name: 'access token living longer than the pool allows (exp − iat = 16 min)',
    authorization: (f) => bearer(signRs256(f.key, accessClaims(f.issuer, { iat: now(), exp: now() + 960 }))),
    expected: { allow: false, reason: 'lifetime-too-long' },
  },
  {
    name: 'access token without origin_jti (no token family)',
    authorization: (f) => bearer(signRs256(f.key, accessClaims(f.issuer, { origin_jti: undefined }))),
    expected: { allow: false, reason: 'invalid-claims' },
  },
  {
    name: 'access token without auth_time',
    authorization: (f) => bearer(signRs256(f.key, accessClaims(f.issuer, { auth_time: undefined }))),
    expected: { allow: false, reason: 'invalid-claims' },
  },
  {
    name: 'wrong issuer (same key, other pool)',
    authorization: (f) => bearer(signRs256(f.key, accessClaims(`${f.issuer}x`))),
    expected: { allow: false, reason: 'unknown-issuer' },
  },
  {
    name: 'wrong client id',
    authorization: (f) => bearer(signRs256(f.key, accessClaims(f.issuer, { client_id: 'another-client' }))),
    expected: { allow: false, reason: 'invalid-claims' },
  },
  {
    name: 'id token where an access token is required',
    authorization: (f) => bearer(signRs256(f.key, idClaims(f.issuer))),
    expected: { allow: false, reason: 'invalid-claims' },
  },
  {
    name: 'alg none (access token claims)',
    authorization: (f) => bearer(unsignedToken(accessClaims(f.issuer), f.key.kid)),
    expected: { allow: false, reason: 'algorithm-not-allowed' },
  },
  {
    name: 'alg none (service token claims)',
    authorization: () => bearer(unsignedToken(serviceClaims())),
    expected: { allow: false, reason: 'algorithm-not-allowed' },
  },
  {
    name: 'HS256 signed with the RSA public key (algorithm confusion)',
    authorization: (f) => bearer(hsSignedWithPublicKey(f.key, accessClaims(f.issuer))),
    expected: { allow: false, reason: 'algorithm-not-allowed' },
  },
  {
    name: 'RS256 token claiming a service issuer',
    authorization: (f) => bearer(signRs256(f.key, serviceClaims())),
    expected: { allow: false, reason: 'algorithm-not-allowed' },
  },
  {
    name: 'unknown kid (key not in the JWKS)',
    authorization: (f) => bearer(signRs256(strangerKey, accessClaims(f.issuer))),
    expected: { allow: false, reason: 'unknown-key' },
  },
  {
    name: 'known kid, signed by another key',
    authorization: (f) => bearer(signRs256({ ...strangerKey, kid: f.key.kid }, accessClaims(f.issuer))),
    expected: { allow: false, reason: 'invalid-signature' },
  },
  {
    name: 'tampered payload (sub changed, signature kept)',
    authorization: (f) => bearer(tamper(signRs256(f.key, accessClaims(f.issuer)), { sub: 'admin' })),
    expected: { allow: false, reason: 'invalid-signature' },
  },
  {
    name: 'malformed: not a JWT',
    authorization: () => 'Bearer not-a-jwt',
    expected: { allow: false, reason: 'malformed-token' },
  },
  {
    name: 'malformed: header is not JSON',
    authorization: () => `Bearer ${Buffer.from('{oops').toString('base64url')}.e30.c2ln`,
    expected: { allow: false, reason: 'malformed-token' },
  },
  {
    name: 'malformed: no Bearer scheme',
    authorization: (f) => signRs256(f.key, accessClaims(f.issuer)),
    expected: { allow: false, reason: 'malformed-token' },
  },
  {
    name: 'oversized header (10 KB)',
    authorization: (f) => bearer(signRs256(f.key, accessClaims(f.issuer, { pad: 'x'.repeat(10_000) }))),
    expected: { allow: false, reason: 'oversized-token' },
  },
  {
    name: 'missing header',
    authorization: () => undefined,
    expected: { allow: false, reason: 'missing-token' },
  },
  {
    name: 'valid service token',
    authorization: (f) => bearer(signHs256(f.serviceKey, serviceClaims())),
    expected: { allow: true, tokenType: 'service' },
  },
  {
    name: 'service token missing a scope',
    authorization: (f) => bearer(signHs256(f.serviceKey, serviceClaims({ scope: undefined }))),
    expected: { allow: false, reason: 'invalid-claims' },
  },
  {
    name: 'service token with an empty scope',
    authorization: (f) => bearer(signHs256(f.serviceKey, serviceClaims({ scope: '  ' }))),
    expected: { allow: false, reason: 'invalid-claims' },
  },
  {
    name: 'service token signed with the wrong secret',
    authorization: () => bearer(signHs256(serviceKey(), serviceClaims())),
    expected: { allow: false, reason: 'invalid-signature' },
  },
  {
    name: 'service token without exp',
    authorization: (f) => bearer(signHs256(f.serviceKey, serviceClaims({ exp: undefined }))),
    expected: { allow: false, reason: 'invalid-claims' },
  },
  {
    name: 'service token expired',
    authorization: (f) => bearer(signHs256(f.serviceKey, serviceClaims({ exp: now() - 60 }))),
    expected: { allow: false, reason: 'expired' },
  },
  {
    name: 'service token for another audience',
    authorization: (f) => bearer(signHs256(f.serviceKey, serviceClaims({ aud: 'ledgerline-api-prod' }))),
    expected: { allow: false, reason: 'invalid-claims' },
  },
  {
    name: 'service token from an unknown issuer',
    authorization: (f) => bearer(signHs256(f.serviceKey, serviceClaims({ iss: 'someone-else' }))),
    expected: { allow: false, reason: 'unknown-issuer' },
  },
  {
    name: 'service token tampered (scope widened)',
    authorization: (f) =>
      bearer(
        tamper(signHs256(f.serviceKey, serviceClaims({ scope: 'transactions:read' })), { scope: 'admin' }),
      ),
    expected: { allow: false, reason: 'invalid-signature' },
  },
];
