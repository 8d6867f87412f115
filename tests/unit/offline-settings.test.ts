import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

// serverless-offline settings of the local stack (serverless.common.yml, custom.serverless-offline).
// Under concurrency, worker threads (serverless-offline's default) started one cold handler per
// concurrent request inside the function timeout and terminated it on timeout: 24 parallel requests
// on 2 cores ended as authorizer timeouts (401) and 504s. The reliability suite's load run
// (tests/reliability) is the end-to-end proof; this pins the setting.
describe('serverless-offline settings of the local stack', () => {
  const common = load(readFileSync(join(__dirname, '../../serverless.common.yml'), 'utf8')) as {
    custom: { 'serverless-offline': Record<string, unknown> };
  };
  const offline = common.custom['serverless-offline'];

  it('runs handlers in process (one warm module per function), never reloading them per request', () => {
    expect(offline).toEqual(expect.objectContaining({ useInProcess: true, reloadHandler: false }));
  });
});
