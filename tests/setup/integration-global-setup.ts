// Jest globalSetup of the `integration` project: one DynamoDB Local on a free port with every table
// for stage `test`. Workers inherit the endpoint through the environment (integration-env.ts reads
// it); the handle stays in this process for integration-global-teardown.ts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { DynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { createTables, startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { repoRoot } from '../../scripts/lib/repo';

export const TEST_STAGE = 'test';
/** Environment variable that carries the endpoint from globalSetup to the test workers. */
export const ENDPOINT_VARIABLE = 'LEDGERLINE_TEST_DYNAMODB_ENDPOINT';
/** One file per running Jest process: lets a later run clean up after a killed one. */
export const stateDir = join(repoRoot, '.local', 'integration-dynamodb');

interface State {
  jestPid: number;
  dynamoDbPid: number;
  endpoint: string;
}

const globalState = globalThis as typeof globalThis & { ledgerlineDynamoDb?: DynamoDbLocal };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

/** Stops DynamoDB Local processes left behind by Jest runs that were killed before their teardown. */
function reapOrphans(): void {
  mkdirSync(stateDir, { recursive: true });
  for (const file of readdirSync(stateDir)) {
    const path = join(stateDir, file);
    let state: State;
    try {
      state = JSON.parse(readFileSync(path, 'utf8')) as State;
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    if (isAlive(state.jestPid)) continue; // another run, still going
    if (isAlive(state.dynamoDbPid) && commandOf(state.dynamoDbPid).includes('DynamoDBLocal')) {
      process.kill(state.dynamoDbPid, 'SIGKILL');
    }
    rmSync(path, { force: true });
  }
}

export default async function globalSetup(): Promise<void> {
  // Lambda runs Node 22; the SDK's notice about Node 20 support is noise here (and in the workers).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  reapOrphans();
  const started = Date.now();
  // Not detached: a Ctrl-C in the terminal reaches DynamoDB Local together with Jest.
  const dynamoDb = await startDynamoDbLocal({ detached: false });
  globalState.ledgerlineDynamoDb = dynamoDb;
  // Last resort if Jest exits without running the teardown.
  process.once('exit', () => {
    if (globalState.ledgerlineDynamoDb !== dynamoDb) return; // the teardown stopped it
    try {
      process.kill(dynamoDb.pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  });
  const statePath = join(stateDir, `${process.pid}.json`);
  const state: State = { jestPid: process.pid, dynamoDbPid: dynamoDb.pid, endpoint: dynamoDb.endpoint };
  writeFileSync(statePath, JSON.stringify(state));
  try {
    await createTables(dynamoDb.endpoint, TEST_STAGE);
  } catch (error) {
    await dynamoDb.stop();
    rmSync(statePath, { force: true });
    throw error;
  }
  process.env[ENDPOINT_VARIABLE] = dynamoDb.endpoint;
  if (process.env.LEDGERLINE_TEST_VERBOSE) {
    console.log(`\nDynamoDB Local ready on ${dynamoDb.endpoint} in ${Date.now() - started} ms`);
  }
}
