// The local stack refuses requests exactly as API Gateway does on AWS: status, headers and body come
// from the service's GatewayResponse resources (serverless.common.yml `gatewayResponses`, packaged
// as is: tests/infra/packaged-services.test.ts), rendered with the request id sent as
// x-amzn-RequestId (scripts/serverless/offline-gateway-responses.js). One `sls offline` of the
// profiles service, on free ports and its own stage (its own .esbuild folder, beside any npm start),
// whose authorizer trusts an issuer with an unreachable JWKS: a token of that issuer makes the
// real authorizer throw (API Gateway: 500) without changing it. The Deny (403) cannot be produced
// by the platform's authorizer: tests/unit/offline-gateway-responses.test.ts covers it.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { delay, findFreePort, startProcess } from '../../scripts/local/processes';
import type { ManagedProcess } from '../../scripts/local/processes';
import { repoRoot } from '../../scripts/lib/repo';
import { serviceDir } from '../../scripts/lib/services';

const STAGE = 'gwlocal';
const POOL_ID = 'us-east-1_gatewayresp';

interface GatewayResponseProperties {
  ResponseType: string;
  StatusCode?: string;
  ResponseParameters: Record<string, string>;
  ResponseTemplates: Record<string, string>;
}
const common = load(readFileSync(join(repoRoot, 'serverless.common.yml'), 'utf8')) as {
  gatewayResponses: { Resources: Record<string, { Properties: GatewayResponseProperties }> };
};
const declared = Object.fromEntries(
  Object.values(common.gatewayResponses.Resources).map(({ Properties }) => [
    Properties.ResponseType,
    Properties,
  ]),
);

/**
 * What API Gateway answers through the GatewayResponse of `type` (the type's own, or the DEFAULT_4XX/
 * DEFAULT_5XX that covers it), for a request whose id is `requestId`: static header values are
 * quoted ('…'), `$context.error.messageString` is the message as a JSON string.
 */
function packaged(type: string, defaultStatus: number, message: string, requestId: string) {
  const properties = declared[type]!;
  const headers = Object.fromEntries(
    Object.entries(properties.ResponseParameters).map(([key, value]) => [
      key.replace('gatewayresponse.header.', '').toLowerCase(),
      value.replace(/^'|'$/g, ''),
    ]),
  );
  const body = properties.ResponseTemplates['application/json']!.replaceAll(
    '$context.error.messageString',
    JSON.stringify(message),
  ).replaceAll('$context.requestId', requestId);
  return {
    status: Number(properties.StatusCode ?? defaultStatus),
    headers,
    body: JSON.parse(body) as unknown,
  };
}

/** A JWT of the trusted issuer, RS256, with a fake signature: the authorizer must fetch the JWKS. */
function tokenOfIssuer(issuer: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    iss: issuer,
    sub: 'u1',
    client_id: 'gateway-client',
    token_use: 'access',
    exp: 4_102_444_800,
  };
  return [part({ alg: 'RS256', kid: 'k1' }), part(payload), 'c2lnbmF0dXJl'].join('.');
}

let offline: ManagedProcess;
let base: string;
let issuer: string;

beforeAll(async () => {
  const [httpPort, lambdaPort, closedPort] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  // Nothing listens on closedPort: fetching the issuer's JWKS fails (connection refused).
  issuer = `http://127.0.0.1:${closedPort}/${POOL_ID}`;
  base = `http://127.0.0.1:${httpPort}/${STAGE}/profiles`;
  offline = startProcess(
    join(repoRoot, 'node_modules/.bin/sls'),
    [
      'offline',
      'start',
      '--stage',
      STAGE,
      '--httpPort',
      String(httpPort),
      '--lambdaPort',
      String(lambdaPort),
    ],
    {
      cwd: serviceDir('profiles'),
      env: {
        ...process.env,
        // Read by offline-authorizer.js for the authorizer it puts in front of the routes.
        USER_POOL_ID: POOL_ID,
        USER_POOL_CLIENT_IDS: 'gateway-client',
        COGNITO_ISSUER: issuer,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_REGION: 'us-east-1',
        SLS_TELEMETRY_DISABLED: '1',
      },
    },
  );
  let exited: number | string | undefined;
  void offline.exited.then((code) => (exited = code));
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`sls offline exited (${exited}):\n${offline.recentOutput()}`);
    const answered = await fetch(`${base}/me`, { signal: AbortSignal.timeout(3_000) }).catch(() => undefined);
    if (answered) break;
    if (Date.now() > deadline) throw new Error(`sls offline did not answer:\n${offline.recentOutput()}`);
    await delay(500);
  }
}, 180_000);

afterAll(async () => {
  await offline?.stop();
  // serverless-esbuild's work folder of this stage (serverless.common.yml, outputWorkFolder).
  rmSync(join(serviceDir('profiles'), '.esbuild', `${STAGE}-us-east-1`), { recursive: true, force: true });
});

describe.each([
  {
    name: 'no Authorization header',
    path: '/me',
    token: undefined,
    type: 'UNAUTHORIZED',
    status: 401,
    error: 'UnauthorizedException',
  },
  {
    name: 'a malformed token',
    path: '/me',
    token: 'garbage',
    type: 'UNAUTHORIZED',
    status: 401,
    error: 'UnauthorizedException',
  },
  // AUTHORIZER_FAILURE (500) has no GatewayResponse of its own: DEFAULT_5XX answers it.
  {
    name: 'the authorizer failing (JWKS unreachable)',
    path: '/me',
    token: 'issuer',
    type: 'DEFAULT_5XX',
    status: 500,
    error: 'AuthorizerConfigurationException',
  },
  // MISSING_AUTHENTICATION_TOKEN (403): DEFAULT_4XX, with API Gateway's message as `detail`.
  {
    name: 'a path no route has',
    path: '/nope',
    token: undefined,
    type: 'DEFAULT_4XX',
    status: 403,
    error: 'MissingAuthenticationTokenException',
  },
  {
    name: 'a method the path does not have',
    path: '/me',
    method: 'PUT',
    token: undefined,
    type: 'DEFAULT_4XX',
    status: 403,
    error: 'MissingAuthenticationTokenException',
  },
])('$name', ({ path, method, token, type, status, error }) => {
  it(`answers the packaged ${type} gateway response (${status})`, async () => {
    const authorization = token === 'issuer' ? tokenOfIssuer(issuer) : token;
    const response = await fetch(`${base}${path}`, {
      method: method ?? 'GET',
      headers: authorization === undefined ? {} : { authorization: `Bearer ${authorization}` },
      signal: AbortSignal.timeout(20_000),
    });
    const requestId = response.headers.get('x-amzn-requestid') ?? '';
    const expected = packaged(type, status, 'Missing Authentication Token', requestId);

    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.status).toBe(expected.status);
    for (const [header, value] of Object.entries(expected.headers)) {
      expect([header, response.headers.get(header)]).toEqual([header, value]);
    }
    expect(await response.json()).toEqual(expected.body);
    // API Gateway names the error it answered in x-amzn-ErrorType.
    expect(response.headers.get('x-amzn-errortype')).toBe(error);
  });
});
