// Jest globalTeardown of the `integration` project: stops the DynamoDB Local that globalSetup
// started (it runs whether the tests passed or not).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { stateDir } from './integration-global-setup';

export default async function globalTeardown(): Promise<void> {
  const globalState = globalThis as typeof globalThis & { ledgerlineDynamoDb?: DynamoDbLocal };
  await globalState.ledgerlineDynamoDb?.stop();
  globalState.ledgerlineDynamoDb = undefined;
  rmSync(join(stateDir, `${process.pid}.json`), { force: true });
}
