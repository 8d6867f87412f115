'use strict';

/**
 * osls plugin, active under `sls offline` ONLY: makes the local stack enforce authentication with
 * the same code as AWS.
 *
 * On AWS, routes name an authorizer that lives elsewhere: the auth service's JWT authorizer by ARN
 * (transactions) or API Gateway's native Cognito authorizer (profiles). serverless-offline can call
 * neither: it skips ARN authorizers and does not enforce COGNITO_USER_POOLS at all, so a forged
 * token would pass. Before serverless-offline (and serverless-esbuild) start, this plugin swaps each
 * such authorizer for a TOKEN authorizer function added to the service, whose handler re-exports
 * `@ledgerline/auth/authorizer` (src/handlers/offline-authorizer.ts in the service) — the same
 * verifier, pointed at the local issuer by the environment the local stack sets.
 * `sls package`/`deploy` never run these hooks: the deployed templates are untouched.
 *
 * @example
 * # serverless.common.yml — list it BEFORE serverless-esbuild so the added function is bundled
 * plugins:
 *   localPath: ../../scripts/serverless
 *   modules: [offline-authorizer, serverless-esbuild, ...]
 */
const FUNCTION_KEY = 'offlineAuthorizer';
const HANDLER = 'src/handlers/offline-authorizer.handler';
/** The authorizer's settings, passed through from the local stack's environment. */
const PASSED_ENV = [
  'USER_POOL_ID',
  'USER_POOL_REGION',
  'USER_POOL_CLIENT_IDS',
  'COGNITO_ISSUER',
  'SERVICE_TOKEN_ISSUERS',
  'SERVICE_TOKEN_AUDIENCE',
  'LOCAL_SERVICE_TOKEN_KEY_FILE',
];

class OfflineAuthorizerPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.swapped = false;
    this.hooks = {
      'before:offline:start:init': () => this.swap(),
      'before:offline:start': () => this.swap(),
    };
  }

  swap() {
    if (this.swapped) return;
    this.swapped = true;
    const { service } = this.serverless;
    const routes = [];
    for (const name of service.getAllFunctions()) {
      for (const event of service.getFunction(name).events ?? []) {
        const authorizer = event.http?.authorizer;
        if (!authorizer || !isRemote(authorizer)) continue;
        event.http.authorizer = {
          name: FUNCTION_KEY,
          type: 'token',
          identitySource: 'method.request.header.Authorization',
          // Every request is verified locally, so a revoked or expired token fails at once.
          resultTtlInSeconds: 0,
        };
        routes.push(`${event.http.method.toUpperCase()} /${event.http.path}`);
      }
    }
    if (routes.length === 0) return;
    service.functions[FUNCTION_KEY] = {
      handler: HANDLER,
      name: `${service.service}-${service.provider.stage}-${FUNCTION_KEY}`,
      events: [],
      environment: Object.fromEntries(
        PASSED_ENV.filter((key) => process.env[key]).map((key) => [key, process.env[key]]),
      ),
    };
    this.serverless.cli.log(`offline-authorizer: ${routes.length} route(s) verified by ${HANDLER}`);
  }
}

/** An authorizer serverless-offline cannot run itself: by ARN, or API Gateway's Cognito one. */
function isRemote(authorizer) {
  if (typeof authorizer === 'string') return authorizer.startsWith('arn:');
  const type = String(authorizer.type ?? '').toUpperCase();
  return Boolean(authorizer.arn) || type === 'COGNITO_USER_POOLS';
}

module.exports = OfflineAuthorizerPlugin;
module.exports.isRemote = isRemote;
