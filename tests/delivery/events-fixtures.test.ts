// Every function of every service has an events/<fn>.json fixture, and
// `sls invoke local -f <fn> -p events/<fn>.json --stage <stage>` gives the result its
// events/index.json documents (a 201 for a valid create, an Allow for a valid token, ...), against
// our own DynamoDB Local (tables of stage `events`) and cognito-local: no AWS account.
//
// ~5 s per invoke: the services run in parallel, the fixtures of one service one after the other
// (one sls process per service directory at a time: they share .esbuild/ and .serverless/).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';
import { generateSync } from 'otplib';
import type { LocalCognito } from '../../scripts/local/cognito-local';
import { startCognitoLocal } from '../../scripts/local/cognito-local';
import type { DynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { createTables, localClient, startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import type { Moto } from './support/moto';
import { startMoto } from './support/moto';
import { offlineEnv, repoRoot, run, slsBin } from './support/processes';
import { SERVICE_NAMES, type ServiceName } from '../../scripts/lib/services';

const STAGE = 'events';
const SERVICES = SERVICE_NAMES;
type Service = ServiceName;

interface Manifest {
  order: string[];
  seed?: string[];
  fixtures: Record<
    string,
    { expect: { statusCode?: number; policy?: 'Allow' | 'Deny' }; placeholders?: Record<string, string> }
  >;
}

const eventsDir = (service: Service) => join(repoRoot, 'services', service, 'events');
const manifestOf = (service: Service): Manifest =>
  JSON.parse(readFileSync(join(eventsDir(service), 'index.json'), 'utf8')) as Manifest;

/** Function names of a service, as the framework resolves them (`sls print`, offline). */
async function functionsOf(service: Service): Promise<string[]> {
  const result = await run(slsBin, ['print', '--stage', STAGE, '--format', 'json', '--path', 'functions'], {
    cwd: join(repoRoot, 'services', service),
    env: offlineEnv(),
    timeoutMs: 120_000,
  });
  if (result.code !== 0)
    throw new Error(`sls print failed for ${service}:\n${result.stdout}\n${result.stderr}`);
  return Object.keys(JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as object).sort();
}

/** The value `sls invoke local` prints last: a pretty-printed JSON object starting at a line `{`. */
function lastJson(output: string): Record<string, unknown> | undefined {
  const lines = output.split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (lines[i] !== '{') continue;
    try {
      return JSON.parse(lines.slice(i).join('\n')) as Record<string, unknown>;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

interface Outcome {
  service: Service;
  fn: string;
  result?: Record<string, unknown>;
  output: string;
  ms: number;
}

let dynamo: DynamoDbLocal | undefined;
let cognito: LocalCognito | undefined;
let moto: Moto | undefined;
let scratch = '';

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'ledgerline-events-'));
  [dynamo, cognito, moto] = await Promise.all([
    startDynamoDbLocal({ detached: false }),
    startCognitoLocal({ detached: false }),
    startMoto(),
  ]);
  await createTables(dynamo.endpoint, STAGE);
  // listEntries derives its cursor key from the Secrets Manager secret Terraform core creates
  // (CURSOR_KEY_SECRET_NAME): moto serves it, through AWS_ENDPOINT_URL_SECRETS_MANAGER.
  const secrets = new SecretsManagerClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await secrets.send(
    new CreateSecretCommand({
      Name: `ledgerline/${STAGE}/service-token-signing-key`,
      SecretString: randomBytes(48).toString('base64url'),
    }),
  );
  secrets.destroy();
  // Items the fixtures refer to (events/index.json `seed`, AttributeValue JSON as `aws dynamodb put-item` takes).
  const client = localClient(dynamo.endpoint);
  try {
    for (const service of SERVICES) {
      for (const file of manifestOf(service).seed ?? []) {
        const Item = JSON.parse(readFileSync(join(eventsDir(service), file), 'utf8'));
        await client.send(new PutItemCommand({ TableName: `ledgerline-${service}-${STAGE}`, Item }));
      }
    }
  } finally {
    client.destroy();
  }
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([dynamo?.stop(), cognito?.stop(), moto?.stop()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('every function of every service has a fixture and a documented expectation', async () => {
  const functions = await Promise.all(SERVICES.map(functionsOf));
  SERVICES.forEach((service, index) => {
    const manifest = manifestOf(service);
    const fixtures = readdirSync(eventsDir(service))
      .filter((name) => name.endsWith('.json') && name !== 'index.json')
      .map((name) => name.replace(/\.json$/, ''))
      .sort();
    expect({ service, fixtures }).toEqual({ service, fixtures: functions[index] });
    expect({ service, order: [...manifest.order].sort() }).toEqual({ service, order: functions[index] });
    expect({ service, documented: Object.keys(manifest.fixtures).sort() }).toEqual({
      service,
      documented: functions[index],
    });
  });
}, 120_000);

test('`sls invoke local` of every fixture gives its documented result', async () => {
  if (!dynamo || !cognito || !moto) throw new Error('setup failed');
  const { endpoint } = dynamo;
  const local = cognito;
  const motoEndpoint = moto?.endpoint ?? '';
  const values: Record<string, string> = {};

  async function invoke(service: Service, fn: string): Promise<Outcome> {
    const manifest = manifestOf(service);
    let file = join(eventsDir(service), `${fn}.json`);
    const placeholders = Object.keys(manifest.fixtures[fn]?.placeholders ?? {});
    if (placeholders.length > 0) {
      // Fill `{{name}}` from earlier results: the fixture itself stays a readable template.
      let text = readFileSync(file, 'utf8');
      for (const name of placeholders) {
        if (!values[name]) throw new Error(`${service}/${fn}: no value for {{${name}}} yet`);
        text = text.replaceAll(`{{${name}}}`, values[name]);
      }
      file = join(scratch, `${service}-${fn}.json`);
      writeFileSync(file, text);
    }
    const args = ['invoke', 'local', '-f', fn, '-p', file, '--stage', STAGE];
    if (service === 'auth') args.push(...local.offlineParams());
    const result = await run(slsBin, args, {
      cwd: join(repoRoot, 'services', service),
      env: offlineEnv({
        DYNAMODB_ENDPOINT: endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: motoEndpoint,
        ...(service !== 'auth' && local.serviceEnv(STAGE)),
      }),
      timeoutMs: 150_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    return { service, fn, result: lastJson(result.stdout), output, ms: result.ms };
  }

  async function runService(service: Service): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const fn of manifestOf(service).order) {
      if (
        service === 'auth' &&
        (fn === 'verifyTotp' || fn === 'loginMfa' || fn === 'disableTotp') &&
        values.totpSecret
      ) {
        // What the user's authenticator app shows now (Cognito's TOTP: SHA-1, 6 digits, 30 s).
        values.totpCode = generateSync({ secret: values.totpSecret });
      }
      if (service === 'auth' && fn === 'loginMfa') {
        // MFA is on now: the login fixture answers 403 with the challenge's session.
        const challenged = await invoke(service, 'login');
        if (typeof challenged.result?.body === 'string') {
          values.mfaSession = (JSON.parse(challenged.result.body) as { session?: string }).session ?? '';
        }
      }
      const outcome = await invoke(service, fn);
      outcomes.push(outcome);
      if (service === 'auth' && fn === 'signup')
        values.confirmationCode = await local.confirmationCode('events.fixture@example.com');
      if (service === 'auth' && fn === 'login' && typeof outcome.result?.body === 'string') {
        const tokens = JSON.parse(outcome.result.body) as { accessToken: string; refreshToken: string };
        values.accessToken = tokens.accessToken;
        values.refreshToken = tokens.refreshToken;
        // What the authorizer would put in requestContext.authorizer for this token.
        const claims = JSON.parse(
          Buffer.from(tokens.accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
        ) as { sub: string; origin_jti: string };
        values.userId = claims.sub;
        values.tokenFamily = claims.origin_jti;
      }
      if (service === 'auth' && fn === 'setupTotp' && typeof outcome.result?.body === 'string') {
        values.totpSecret = (JSON.parse(outcome.result.body) as { secretCode?: string }).secretCode ?? '';
      }
    }
    return outcomes;
  }

  const outcomes = (await Promise.all(SERVICES.map(runService))).flat();
  const summary = outcomes.map(({ service, fn, result, ms, output }) => {
    const expected = manifestOf(service).fixtures[fn]?.expect ?? {};
    const policy = result?.policyDocument as { Statement?: Array<{ Effect?: string }> } | undefined;
    const actual = {
      ...(expected.statusCode !== undefined && { statusCode: result?.statusCode }),
      ...(expected.policy !== undefined && { policy: policy?.Statement?.[0]?.Effect }),
    };
    const ok = JSON.stringify(actual) === JSON.stringify(expected);
    return { fixture: `${service}/${fn}`, expected, actual, ms, ...(!ok && { output: output.slice(-3000) }) };
  });
  // One assertion over everything: a failure shows every fixture's result and the failing outputs.
  expect(summary.filter((row) => row.output)).toEqual([]);
  // The authorizer's Allow carries the caller for the handlers behind it.
  const allow = outcomes.find((o) => o.service === 'auth' && o.fn === 'authorizer')?.result;
  expect(allow?.context).toMatchObject({ tokenType: 'access' });
}, 600_000);
