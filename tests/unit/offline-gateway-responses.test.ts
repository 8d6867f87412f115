import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../../scripts/serverless/offline-gateway-responses.js');

// The mapping of scripts/serverless/offline-gateway-responses.js, without a server. Authorizer 401,
// authorizer failure (500) and the unmatched route are also checked over HTTP by
// tests/local-stack/gateway-responses.test.ts; the Deny (403) only here, because the platform's
// authorizer never answers Deny (it throws Unauthorized or allows).

interface Resource {
  Type: string;
  Properties: {
    ResponseType: string;
    StatusCode?: string;
    ResponseParameters?: Record<string, string>;
    ResponseTemplates?: Record<string, string>;
  };
}
type Resources = { Resources: Record<string, Resource> };

const common = load(readFileSync(join(__dirname, '../../serverless.common.yml'), 'utf8')) as {
  gatewayResponses: Resources;
};
const responses = plugin.gatewayResponses(common.gatewayResponses);
const declared = (type: string) =>
  Object.values(common.gatewayResponses.Resources).find((r) => r.Properties.ResponseType === type)!
    .Properties;

/** A hapi request as the onPreResponse extension sees it. */
function request(
  response: unknown,
  options: { authError?: boolean; route?: string; path?: string } = {},
): Record<string, unknown> {
  return {
    response,
    auth: { error: options.authError ? response : null },
    route: { path: options.route ?? '/dev/profiles/me' },
    path: options.path ?? '/dev/profiles/me',
  };
}
const boom = (statusCode: number) => ({ isBoom: true, output: { statusCode } });

describe('offline-gateway-responses serverless plugin', () => {
  it('maps each authorizer refusal to the response type API Gateway uses', () => {
    const cases = [
      [request(boom(401), { authError: true }), false, 'UNAUTHORIZED'],
      // A Deny policy: serverless-offline answers Boom 403 from the authorizer.
      [request(boom(403), { authError: true }), false, 'ACCESS_DENIED'],
      // serverless-offline answers 401 for ANY error the authorizer throws; API Gateway 500.
      [request(boom(401), { authError: true }), true, 'AUTHORIZER_FAILURE'],
      [request(boom(500), { authError: true }), false, 'AUTHORIZER_CONFIGURATION_ERROR'],
      [
        request({ statusCode: 404 }, { route: '/{p*}', path: '/dev/profiles/nope' }),
        false,
        'MISSING_AUTHENTICATION_TOKEN',
      ],
    ] as const;
    for (const [req, threw, type] of cases) expect(plugin.responseTypeOf(req, threw, 'dev')).toBe(type);
  });

  it("leaves the handlers' own answers, and paths outside the stage, as they are", () => {
    // A handler's 403/404 (not the authorizer's error), and a handler's error response.
    expect(plugin.responseTypeOf(request(boom(403)), false, 'dev')).toBeUndefined();
    expect(plugin.responseTypeOf(request({ statusCode: 404 }), false, 'dev')).toBeUndefined();
    // Outside the stage AWS answers a plain 403 Forbidden, not the API's gateway responses.
    const outside = request({ statusCode: 404 }, { route: '/{p*}', path: '/other/x' });
    expect(plugin.responseTypeOf(outside, false, 'dev')).toBeUndefined();
  });

  it('answers a Deny with the packaged ACCESS_DENIED response, its request id in the body and headers', () => {
    const answer = plugin.render('ACCESS_DENIED', responses, 'req-1');

    const properties = declared('ACCESS_DENIED');
    expect(answer.status).toBe(Number(properties.StatusCode));
    expect(answer.headers).toEqual({
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      'x-amzn-RequestId': 'req-1',
      'x-amzn-ErrorType': 'AccessDeniedException',
    });
    expect(JSON.parse(answer.body)).toEqual(
      JSON.parse(properties.ResponseTemplates!['application/json']!.replace('$context.requestId', 'req-1')),
    );
    expect(JSON.parse(answer.body)).toMatchObject({ status: 403, instance: 'req-1' });
  });

  it('falls back to DEFAULT_4XX/DEFAULT_5XX, and to API Gateway’s own body without either', () => {
    const missing = plugin.render('MISSING_AUTHENTICATION_TOKEN', responses, 'req-2');
    expect(missing.status).toBe(403);
    const template = declared('DEFAULT_4XX').ResponseTemplates!['application/json']!;
    expect(JSON.parse(missing.body)).toEqual(
      JSON.parse(
        template
          .replace('$context.error.messageString', '"Missing Authentication Token"')
          .replace('$context.requestId', 'req-2'),
      ),
    );
    expect(JSON.parse(missing.body)).toMatchObject({
      detail: 'Missing Authentication Token',
      instance: 'req-2',
    });
    expect(plugin.render('AUTHORIZER_FAILURE', responses, 'req-3')).toMatchObject({
      status: 500,
      headers: {
        'Content-Type': 'application/problem+json',
        'x-amzn-ErrorType': 'AuthorizerConfigurationException',
      },
    });
    // API Gateway's built-in answer; an authorizer failure's message is null ({"message":null}).
    expect(plugin.render('UNAUTHORIZED', {}, 'r')).toMatchObject({
      status: 401,
      headers: { 'Content-Type': 'application/json' },
      body: '{"message":"Unauthorized"}',
    });
    expect(plugin.render('AUTHORIZER_FAILURE', {}, 'r').body).toBe('{"message":null}');
  });

  it('refuses at start what it cannot render as API Gateway does', () => {
    const one = (properties: Partial<Resource['Properties']>): Resources => ({
      Resources: {
        R: {
          Type: 'AWS::ApiGateway::GatewayResponse',
          Properties: { ResponseType: 'DEFAULT_4XX', ...properties },
        },
      },
    });
    // messageString is already quoted: inside quotes it renders invalid JSON (on AWS too).
    expect(() =>
      plugin.gatewayResponses(
        one({ ResponseTemplates: { 'application/json': '{"d":"$context.error.messageString"}' } }),
      ),
    ).toThrow(/does not render JSON/);
    expect(() =>
      plugin.gatewayResponses(one({ ResponseTemplates: { 'application/json': '{"p":"$context.path"}' } })),
    ).toThrow(/uses \$context\.path/);
    expect(() =>
      plugin.gatewayResponses(
        one({ ResponseParameters: { 'gatewayresponse.header.X-Id': 'method.request.header.X-Id' } }),
      ),
    ).toThrow(/not a static header value/);
  });

  it('registers only offline hooks, so packaged templates are untouched', () => {
    const instance = new plugin({ service: {}, cli: { log: () => undefined } });
    expect(Object.keys(instance.hooks)).toEqual(['before:offline:start:init', 'before:offline:start']);
  });
});
