// eslint-disable-next-line @typescript-eslint/no-require-imports
const OfflineAuthorizerPlugin = require('../../scripts/serverless/offline-authorizer.js');

type Events = Array<{ http?: { path: string; method: string; authorizer?: unknown } }>;

function fakeServerless(functions: Record<string, { handler: string; events: Events }>) {
  return {
    service: {
      service: 'ledgerline-transactions',
      provider: { stage: 'dev' },
      functions,
      getAllFunctions: () => Object.keys(functions),
      getFunction: (name: string) => functions[name],
    },
    cli: { log: () => undefined },
  };
}

describe('offline-authorizer serverless plugin', () => {
  it('swaps ARN and Cognito authorizers for the local authorizer function under sls offline', () => {
    const serverless = fakeServerless({
      byArn: {
        handler: 'a.handler',
        events: [
          {
            http: {
              path: 'accounts',
              method: 'post',
              authorizer: { arn: 'arn:aws:lambda:x', type: 'token' },
            },
          },
        ],
      },
      byCognito: {
        handler: 'b.handler',
        events: [
          {
            http: {
              path: 'profiles/me',
              method: 'get',
              authorizer: { type: 'COGNITO_USER_POOLS', arn: 'arn:aws:cognito-idp:x' },
            },
          },
        ],
      },
      open: { handler: 'c.handler', events: [{ http: { path: 'transactions/health', method: 'get' } }] },
    });
    const plugin = new OfflineAuthorizerPlugin(serverless);
    process.env.USER_POOL_ID = 'local_pool';

    plugin.hooks['before:offline:start:init']();
    plugin.hooks['before:offline:start']();

    const functions = serverless.service.functions as Record<
      string,
      { handler: string; events: Events; environment?: Record<string, string> }
    >;
    for (const name of ['byArn', 'byCognito']) {
      expect(functions[name]!.events[0]!.http!.authorizer).toEqual({
        name: 'offlineAuthorizer',
        type: 'token',
        identitySource: 'method.request.header.Authorization',
        resultTtlInSeconds: 0,
      });
    }
    expect(functions.open!.events[0]!.http!.authorizer).toBeUndefined();
    expect(functions.offlineAuthorizer).toMatchObject({
      handler: 'src/handlers/offline-authorizer.handler',
      name: 'ledgerline-transactions-dev-offlineAuthorizer',
      environment: { USER_POOL_ID: 'local_pool' },
    });
    delete process.env.USER_POOL_ID;
  });

  it('registers only offline hooks, so packaged templates are untouched', () => {
    const plugin = new OfflineAuthorizerPlugin(fakeServerless({}));
    expect(Object.keys(plugin.hooks).every((hook) => hook.includes(':offline:'))).toBe(true);
  });

  it('adds nothing to a service without remote authorizers', () => {
    const serverless = fakeServerless({
      open: { handler: 'c.handler', events: [{ http: { path: 'x', method: 'get' } }] },
    });
    new OfflineAuthorizerPlugin(serverless).hooks['before:offline:start']();
    expect(Object.keys(serverless.service.functions)).toEqual(['open']);
  });
});
