'use strict';

/**
 * osls plugin, active under `sls offline` ONLY: the local stack answers API Gateway's own refusals
 * (authorizer 401/403/500, unmatched route) with the service's `AWS::ApiGateway::GatewayResponse`
 * resources (serverless.common.yml, `gatewayResponses`), rendered as API Gateway renders them, instead
 * of serverless-offline's `{"message":"Unauthorized"}` and other Boom shapes. The deployed template is
 * the one source of truth: change it and both AWS and the local stack answer the new way.
 *
 * serverless-offline 14 has no hook for this and keeps its hapi server in private fields, so before
 * it starts this wraps three points of serverless-offline's own modules (the module instances it
 * imports itself a moment later):
 * - `HttpServer#createServer`: adds a hapi `onPreResponse` extension that replaces the answer;
 * - the new server's `auth.scheme`: runs every authorizer call with the hapi request in an
 *   AsyncLocalStorage, so that
 * - `LambdaFunction#runHandler` can note an authorizer that THREW something other than
 *   `Unauthorized`: serverless-offline answers that 401, API Gateway 500 (AUTHORIZER_FAILURE).
 * A serverless-offline upgrade that moves any of them stops `sls offline` at start with a message,
 * rather than silently serving the old shapes. `sls package`/`deploy` never run these hooks.
 *
 * What API Gateway does, and so what this emulates (docs/errors.md, "Gateway responses"):
 * | local outcome                                 | response type                  | status | fallback    |
 * | no Authorization header, or `Unauthorized`    | UNAUTHORIZED                   | 401    | DEFAULT_4XX |
 * | policy that does not allow the method (Deny)  | ACCESS_DENIED                  | 403    | DEFAULT_4XX |
 * | authorizer threw anything else, or timed out  | AUTHORIZER_FAILURE             | 500    | DEFAULT_5XX |
 * | authorizer answered an invalid context        | AUTHORIZER_CONFIGURATION_ERROR | 500    | DEFAULT_5XX |
 * | no route for the method and path in the stage | MISSING_AUTHENTICATION_TOKEN   | 403    | DEFAULT_4XX |
 *
 * @example
 * # serverless.common.yml
 * plugins: { localPath: ../../scripts/serverless, modules: [..., serverless-offline, offline-gateway-responses] }
 */
/* eslint-disable @typescript-eslint/no-require-imports -- osls loads local plugins as CommonJS */
const { AsyncLocalStorage } = require('node:async_hooks');
const { randomUUID } = require('node:crypto');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * API Gateway's defaults per response type: status, `$context.error.message` (null for an authorizer
 * failure: AWS's own body is `{"message":null}`) and the `x-amzn-ErrorType` header it sends.
 */
const RESPONSE_TYPES = {
  UNAUTHORIZED: { status: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
  // serverless-offline does not tell an explicit Deny from a policy that misses the method; the
  // implicit-deny message is used for both (our templates do not show it).
  ACCESS_DENIED: {
    status: 403,
    message: 'User is not authorized to access this resource',
    errorType: 'AccessDeniedException',
  },
  AUTHORIZER_FAILURE: { status: 500, message: null, errorType: 'AuthorizerConfigurationException' },
  AUTHORIZER_CONFIGURATION_ERROR: {
    status: 500,
    message: null,
    errorType: 'AuthorizerConfigurationException',
  },
  MISSING_AUTHENTICATION_TOKEN: {
    status: 403,
    message: 'Missing Authentication Token',
    errorType: 'MissingAuthenticationTokenException',
  },
};

/** What API Gateway answers for a type the API does not customise (nor its DEFAULT_4XX/5XX). */
const AWS_DEFAULT = {
  headers: { 'Content-Type': 'application/json' },
  template: '{"message":$context.error.messageString}',
};

/** The variables a GatewayResponse template may use here (API Gateway substitutes, no VTL). */
const VARIABLES = {
  '$context.requestId': ({ requestId }) => requestId,
  '$context.error.responseType': ({ type }) => type,
  '$context.error.message': ({ message }) => message ?? '',
  // The quoted (JSON string) form: `"detail":$context.error.messageString`, without quotes around it.
  '$context.error.messageString': ({ message }) => JSON.stringify(message),
};
const VARIABLE = /\$context(?:\.[A-Za-z]+)+/g;

/**
 * The service's GatewayResponse resources by ResponseType: status, static headers and the
 * application/json template. Throws for anything this emulation would get wrong (a header taken from
 * the request, a variable it does not know), so a new template cannot silently differ locally.
 */
function gatewayResponses(resources) {
  const byType = {};
  for (const [id, resource] of Object.entries(resources?.Resources ?? {})) {
    if (resource?.Type !== 'AWS::ApiGateway::GatewayResponse') continue;
    const { ResponseType, StatusCode, ResponseParameters = {}, ResponseTemplates = {} } = resource.Properties;
    const headers = {};
    for (const [key, value] of Object.entries(ResponseParameters)) {
      const literal = /^'(.*)'$/s.exec(String(value));
      if (!key.startsWith('gatewayresponse.header.') || !literal) {
        throw new Error(`offline-gateway-responses: ${id} ${key}=${value} is not a static header value`);
      }
      headers[key.slice('gatewayresponse.header.'.length)] = literal[1];
    }
    const template = ResponseTemplates['application/json'] ?? AWS_DEFAULT.template;
    for (const [variable] of template.matchAll(VARIABLE)) {
      if (!VARIABLES[variable]) throw new Error(`offline-gateway-responses: ${id} uses ${variable}`);
    }
    byType[ResponseType] = {
      status: StatusCode === undefined ? undefined : Number(StatusCode),
      headers,
      template,
    };
    // API Gateway does not check that a template renders JSON (a quoted "$context.error.messageString"
    // renders ""…""); refuse to start with one, so the deployed answer is not broken unnoticed.
    try {
      JSON.parse(
        fill(template, { requestId: 'x', type: ResponseType, message: 'Missing Authentication Token' }),
      );
    } catch {
      throw new Error(`offline-gateway-responses: ${id}'s application/json template does not render JSON`);
    }
  }
  return byType;
}

/**
 * API Gateway's answer of `type`: the type's own GatewayResponse, else the DEFAULT_4XX/DEFAULT_5XX one
 * of its status family, else API Gateway's built-in body. Headers include `x-amzn-RequestId` (the
 * `$context.requestId` of the body, as on AWS) and `x-amzn-ErrorType`.
 */
function render(type, responses, requestId) {
  const defaults = RESPONSE_TYPES[type];
  const configured = responses[type] ?? responses[defaults.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX'];
  const { headers, template } = configured ?? AWS_DEFAULT;
  const context = { requestId, type, message: defaults.message };
  return {
    status: configured?.status ?? defaults.status,
    headers: {
      'Content-Type': 'application/json',
      ...headers,
      'x-amzn-RequestId': requestId,
      'x-amzn-ErrorType': defaults.errorType,
    },
    body: fill(template, context),
  };
}

/** The template with its `$context` variables substituted, as API Gateway does (no VTL). */
function fill(template, context) {
  return template.replace(VARIABLE, (variable) => VARIABLES[variable](context));
}

/**
 * Which gateway refusal serverless-offline just produced, if any: an authorizer's (hapi sets
 * `request.auth.error` to the very Boom it answers with) or the catch-all 404 route serverless-offline
 * adds (`/{p*}`), for paths inside the stage (outside it AWS answers a plain 403 `Forbidden`).
 */
function responseTypeOf(request, authorizerThrew, stage) {
  const { response } = request;
  if (response?.isBoom && request.auth?.error === response) {
    if (authorizerThrew) return 'AUTHORIZER_FAILURE';
    const status = response.output.statusCode;
    if (status === 401) return 'UNAUTHORIZED';
    if (status === 403) return 'ACCESS_DENIED';
    return 'AUTHORIZER_CONFIGURATION_ERROR';
  }
  if (
    request.route?.path === '/{p*}' &&
    !response?.isBoom &&
    response?.statusCode === 404 &&
    request.path.startsWith(`/${stage}/`)
  ) {
    return 'MISSING_AUTHENTICATION_TOKEN';
  }
  return undefined;
}

// One service per `sls offline` process: patched once, configured by the plugin that patched.
let installed = false;
const authorizing = new AsyncLocalStorage();
const authorizerThrew = new WeakSet();

class OfflineGatewayResponsesPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:offline:start:init': () => this.install(),
      'before:offline:start': () => this.install(),
    };
  }

  async install() {
    if (installed) return;
    const { service } = this.serverless;
    const responses = gatewayResponses(service.resources);
    const stage = service.provider.stage;
    const { HttpServer, LambdaFunction } = await offlineModules(this.serverless.config.servicePath);
    installed = true;

    const runHandler = LambdaFunction.prototype.runHandler;
    LambdaFunction.prototype.runHandler = async function runHandlerNotingAuthorizerFailures(...args) {
      const request = authorizing.getStore();
      try {
        return await runHandler.apply(this, args);
      } catch (error) {
        // On AWS only the message `Unauthorized` means 401; anything else an authorizer throws is a 500.
        const message = error instanceof Error ? error.message : String(error);
        if (request && message !== 'Unauthorized') authorizerThrew.add(request);
        throw error;
      }
    };

    const createServer = HttpServer.prototype.createServer;
    HttpServer.prototype.createServer = async function createServerWithGatewayResponses(...args) {
      await createServer.apply(this, args);
      const server = this.getServer();
      if (typeof server?.ext !== 'function' || typeof server.auth?.scheme !== 'function') {
        throw new Error('offline-gateway-responses: serverless-offline no longer exposes its hapi server');
      }
      const scheme = server.auth.scheme;
      server.auth.scheme = (name, makeScheme) =>
        scheme(name, (...schemeArgs) => {
          const made = makeScheme(...schemeArgs);
          return {
            ...made,
            authenticate: (request, h) => authorizing.run(request, () => made.authenticate(request, h)),
          };
        });
      server.ext('onPreResponse', (request, h) => {
        const type = responseTypeOf(request, authorizerThrew.has(request), stage);
        if (!type) return h.continue;
        const answer = render(type, responses, randomUUID());
        // A Buffer and no charset: hapi would otherwise add `; charset=utf-8` to application/json.
        const response = h.response(Buffer.from(answer.body)).code(answer.status).charset(null);
        for (const [name, value] of Object.entries(answer.headers)) response.header(name, value);
        return response;
      });
    };

    const types = Object.keys(responses).sort().join(', ') || 'none: API Gateway defaults';
    this.serverless.cli.log(`offline-gateway-responses: refusals answered from GatewayResponse (${types})`);
  }
}

/** serverless-offline's HttpServer and LambdaFunction classes, checked to have what is wrapped. */
async function offlineModules(servicePath) {
  const source = path.dirname(require.resolve('serverless-offline', { paths: [servicePath] }));
  const load = async (file) => (await import(pathToFileURL(path.join(source, file)).href)).default;
  const HttpServer = await load('events/http/HttpServer.js');
  const LambdaFunction = await load('lambda/LambdaFunction.js');
  if (
    typeof HttpServer?.prototype?.createServer !== 'function' ||
    typeof HttpServer.prototype.getServer !== 'function' ||
    typeof LambdaFunction?.prototype?.runHandler !== 'function'
  ) {
    throw new Error(
      `offline-gateway-responses: serverless-offline in ${source} has no HttpServer#createServer/getServer ` +
        'or LambdaFunction#runHandler to wrap; adapt scripts/serverless/offline-gateway-responses.js',
    );
  }
  return { HttpServer, LambdaFunction };
}

module.exports = OfflineGatewayResponsesPlugin;
module.exports.gatewayResponses = gatewayResponses;
module.exports.render = render;
module.exports.responseTypeOf = responseTypeOf;
