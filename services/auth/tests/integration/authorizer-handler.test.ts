import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import type * as LoggerModule from '@ledgerline/shared/logger';
import type * as AuthorizerModule from '../../src/handlers/authorizer';
import { muteLogs } from '../../../../tests/support/logs';
import type { Fixture } from '../support/decision-table';
import { decisionTable } from '../support/decision-table';
import { API_ARN, throughGateway } from '../support/gateway';
import type { JwksServer } from '../support/tokens';
import {
  accessClaims,
  CLIENT_ID,
  POOL_ID,
  rsaKey,
  SERVICE_AUDIENCE,
  SERVICE_ISSUER,
  serviceKey,
  signRs256,
  startJwksServer,
} from '../support/tokens';

// Records when the service-token verifier (jsonwebtoken, the signing-key read) is loaded: on the
// first service token, never for access tokens.
let mockServiceVerifierLoaded = false;
jest.mock('../../src/authorizer/service-token-verifier', () => {
  mockServiceVerifierLoaded = true;
  return jest.requireActual('../../src/authorizer/service-token-verifier');
});

type Handler = typeof AuthorizerModule.handler;
const key = rsaKey('key-1');
let jwks: JwksServer;
let fixture: Fixture;
let handler: Handler;
let isolatedLogger: Logger;
const saved = { ...process.env };

beforeAll(async () => {
  jwks = await startJwksServer([key]);
  const keyFile = join(mkdtempSync(join(tmpdir(), 'auth-test-')), 'service-key');
  const secret = serviceKey();
  writeFileSync(keyFile, secret);
  fixture = { issuer: jwks.issuer, key, serviceKey: secret };
  Object.assign(process.env, {
    IS_OFFLINE: 'true',
    USER_POOL_ID: POOL_ID,
    USER_POOL_CLIENT_IDS: CLIENT_ID,
    COGNITO_ISSUER: jwks.issuer,
    SERVICE_TOKEN_ISSUERS: SERVICE_ISSUER,
    SERVICE_TOKEN_AUDIENCE: SERVICE_AUDIENCE,
    LOCAL_SERVICE_TOKEN_KEY_FILE: keyFile,
  });
  // A fresh module registry, loaded once the environment is set (the handler reads it at load).
  // Not isolateModules: the service-token verifier, which the handler imports on the first service
  // token, must land in the same registry (one TokenRejectedError class).
  jest.resetModules();
  ({ handler } = jest.requireActual<typeof AuthorizerModule>('../../src/handlers/authorizer'));
  isolatedLogger = jest.requireActual<typeof LoggerModule>('@ledgerline/shared/logger').logger;
});
beforeEach(() => muteLogs(isolatedLogger));
afterAll(async () => {
  process.env = saved;
  await jwks.close();
});

describe('authorizer handler behind API Gateway', () => {
  it('loads the service-token verifier on the first service token, not for access tokens', async () => {
    const protectedHandler = jest.fn();
    await throughGateway(handler, `Bearer ${signRs256(key, accessClaims(jwks.issuer))}`, protectedHandler);
    expect(protectedHandler).toHaveBeenCalled();
    expect(mockServiceVerifierLoaded).toBe(false);
    const service = decisionTable.find(({ expected }) => expected.allow && expected.tokenType === 'service');
    expect(service).toBeDefined();
    const allowed = jest.fn();
    await throughGateway(handler, service!.authorization(fixture), allowed);
    expect(allowed).toHaveBeenCalled();
    expect(mockServiceVerifierLoaded).toBe(true);
  });

  it.each(decisionTable)('$name', async ({ authorization, expected }) => {
    // Prepare
    const protectedHandler = jest.fn();

    // Act
    const outcome = await throughGateway(handler, authorization(fixture), protectedHandler);

    // Assess
    if (expected.allow) {
      expect(outcome.status).toBe(200);
      expect(outcome.context).toMatchObject({ tokenType: expected.tokenType, sub: expect.any(String) });
      expect(protectedHandler).toHaveBeenCalledTimes(1);
    } else {
      expect(outcome.status).toBe(401);
      expect(protectedHandler).not.toHaveBeenCalled();
    }
  });

  it('allows the whole stage, so a cached decision also serves the other routes', async () => {
    const authTime = Math.floor(Date.now() / 1000) - 60;
    const authorization = `Bearer ${signRs256(key, accessClaims(jwks.issuer, { origin_jti: 'family-9', auth_time: authTime }))}`;
    const result = await handler(
      { type: 'TOKEN', authorizationToken: authorization, methodArn: `${API_ARN}/GET/transfers/tr_1` },
      {} as never,
    );
    expect(result.policyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API_ARN}/*` },
    ]);
    expect(result.context).toEqual({
      sub: 'user-123',
      scope: 'aws.cognito.signin.user.admin',
      tokenType: 'access',
      clientId: CLIENT_ID,
      tokenFamily: 'family-9',
      // A string, like every authorizer context value: shared/src/principal.ts reads it back.
      authTime: String(authTime),
    });
    const other = await throughGateway(async () => result, authorization, jest.fn(), 'POST/profiles/me');
    expect(other.status).toBe(200);
  });
});
