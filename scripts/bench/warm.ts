// Warm in-process overhead per request with the I/O excluded (goal: p50 <= 50 µs): every
// HTTP function's real handler (Middy stack, logger, X-Ray tracer, validation, route, domain) is
// invoked in this process with every AWS SDK client answering at once from aws-sdk-client-mock, so
// what is left is the time we own. Log lines are serialised as on AWS but not printed.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { lambdaContext } from '../../tests/support/api-gateway';
import type { Bundle } from './bundles';
import { eventFor } from './cold-start';

export interface WarmResult {
  id: string;
  p50: number;
  p99: number;
  outcome: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Per-request overhead (µs) of each HTTP function, `iterations` warm invocations each. */
export async function benchWarm(bundles: Bundle[], iterations: number): Promise<WarmResult[]> {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: 'ledgerline-bench',
    AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    STAGE: 'bench',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    USER_POOL_ID: 'us-east-1_Bench',
    USER_POOL_CLIENT_IDS: 'bench-client',
    SERVICE_TOKEN_ISSUERS: 'ledgerline-backoffice',
    SERVICE_TOKEN_AUDIENCE: 'ledgerline-api-bench',
    SERVICE_TOKEN_SECRET_NAME: 'ledgerline/bench/service-token-signing-key',
    CURSOR_KEY_SECRET_NAME: 'ledgerline/bench/cursor-key',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const dynamo = mockClient(DynamoDBDocumentClient);
  dynamo.onAnyCommand().resolves({});
  const secrets = mockClient(SecretsManagerClient);
  secrets.onAnyCommand().resolves({ SecretString: 'k'.repeat(64) });

  const write = process.stdout.write.bind(process.stdout);
  const results: WarmResult[] = [];
  try {
    for (const bundle of bundles) {
      // HTTP functions only: the authorizer has its own verify bench; auth's Cognito calls are not mocked.
      if (bundle.kind !== 'function' || bundle.service === 'auth') continue;
      const event = eventFor(bundle);
      // Scheduled and stream functions (settleLedger, reconcile, deliverTransfers) serve no HTTP request.
      if (!(event as { httpMethod?: string }).httpMethod) continue;
      const { handler } = (await import(bundle.entry)) as {
        handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
      };
      const context = lambdaContext();
      const samples = new Array<number>(iterations);
      const outcomes = new Set<number>();
      process.stdout.write = () => true;
      try {
        for (let i = 0; i < Math.min(500, iterations); i += 1) await handler(structuredClone(event), context);
        for (let i = 0; i < iterations; i += 1) {
          const copy = structuredClone(event);
          const started = process.hrtime.bigint();
          const response = await handler(copy, context);
          samples[i] = Number(process.hrtime.bigint() - started) / 1_000;
          outcomes.add(response.statusCode);
        }
      } finally {
        process.stdout.write = write;
      }
      samples.sort((a, b) => a - b);
      results.push({
        id: bundle.id,
        p50: percentile(samples, 50),
        p99: percentile(samples, 99),
        outcome: [...outcomes].join('/'),
      });
    }
  } finally {
    dynamo.restore();
    secrets.restore();
  }
  return results;
}
