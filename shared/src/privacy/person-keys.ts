import { BatchWriteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { runtimeConfig } from '../config';
import { createDocumentClient } from '../dynamodb';
import { tableName } from '../tables';
import { keyWrapperFromEnvironment } from './key-wrappers';
import type {
  KeyWrapper,
  PersonalDataCipher,
  PersonKeyStore,
  WrappedPersonKey,
} from './personal-data-cipher';
import { createPersonalDataCipher } from './personal-data-cipher';

export type { PersonalDataCipher } from './personal-data-cipher';

/**
 * The person-keys table (shared/tables/person-keys.json): pk `PERSON#<sub>`, sk `KEY#<keyId>`, the
 * wrapped key in `wrapped`. A writer that finds no key adds one in its own region under a fresh id,
 * so two regions racing add two keys and both stay valid (every sealed value names its key): no
 * last-writer-wins can lose a key that sealed something.
 */
export class DynamoDbPersonKeyStore implements PersonKeyStore {
  private readonly client;

  constructor(
    private readonly table: string,
    region?: string,
  ) {
    this.client = createDocumentClient(region ? { region } : {});
  }

  async keysOf(subject: string): Promise<WrappedPersonKey[]> {
    const keys: WrappedPersonKey[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :key)',
          ExpressionAttributeValues: { ':pk': `PERSON#${subject}`, ':key': 'KEY#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        keys.push({
          keyId: String(item.sk).slice('KEY#'.length),
          wrapped: item.wrapped as Uint8Array,
          createdAt: String(item.createdAt),
          ...(typeof item.expiresAt === 'number' && { expiresAt: item.expiresAt }),
        });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  async add(subject: string, key: WrappedPersonKey): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: `PERSON#${subject}`,
            sk: `KEY#${key.keyId}`,
            wrapped: key.wrapped,
            createdAt: key.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /**
   * Sets (epoch seconds) or clears (null) the TTL of every key of `subject`; returns how many keys
   * changed. A key deleted meanwhile is skipped (the condition keeps the update from recreating it).
   */
  async setExpiry(subject: string, expiresAt: number | null): Promise<number> {
    let changed = 0;
    for (const key of await this.keysOf(subject)) {
      if ((key.expiresAt ?? null) === expiresAt) continue;
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `PERSON#${subject}`, sk: `KEY#${key.keyId}` },
            ConditionExpression: 'attribute_exists(pk)',
            ...(expiresAt === null
              ? { UpdateExpression: 'REMOVE expiresAt' }
              : { UpdateExpression: 'SET expiresAt = :at', ExpressionAttributeValues: { ':at': expiresAt } }),
          }),
        );
        changed += 1;
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    return changed;
  }

  async deleteAll(subject: string): Promise<number> {
    const keys = await this.keysOf(subject);
    for (let i = 0; i < keys.length; i += 25) {
      let requests: Array<Record<string, unknown>> | undefined = keys.slice(i, i + 25).map((key) => ({
        DeleteRequest: { Key: { pk: `PERSON#${subject}`, sk: `KEY#${key.keyId}` } },
      }));
      while (requests && requests.length > 0) {
        const out = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: requests } }),
        );
        requests = out.UnprocessedItems?.[this.table] as Array<Record<string, unknown>> | undefined;
      }
    }
    return keys.length;
  }
}

interface Options {
  region?: string;
  stage?: string;
}

const storeFor = (options: Options = {}) =>
  new DynamoDbPersonKeyStore(
    tableName('person-keys', options.stage ?? runtimeConfig().stage),
    options.region,
  );

/**
 * The personal-data cipher of this function: the person-keys table of its region and the master
 * key its environment names (KMS on AWS).
 *
 * @example
 * const cipher = personalDataCipher();
 * const sealed = await cipher.seal(sub, 'description', 'Rent for May');
 */
export function personalDataCipher(options: Options = {}): PersonalDataCipher {
  // The master key is chosen on first use: a function that never seals nor opens needs no setting.
  let wrapper: KeyWrapper | undefined;
  const master = () => (wrapper ??= keyWrapperFromEnvironment());
  return createPersonalDataCipher({
    store: storeFor(options),
    wrapper: {
      generate: (subject) => master().generate(subject),
      unwrap: (subject, wrapped) => master().unwrap(subject, wrapped),
    },
    newKeyId: () => randomUUID(),
  });
}

/**
 * Deletes every data key of `sub` (crypto-shredding) in one region's replica; returns how many.
 *
 * @example
 * await shredPersonKeys(sub, { region: 'us-east-1' });
 */
export function shredPersonKeys(sub: string, options: Options = {}): Promise<number> {
  return storeFor(options).deleteAll(sub);
}

/**
 * How many data keys of `sub` a region's replica still holds (erasure waits for 0 in both regions).
 *
 * @example
 * await personKeyCount(sub, { region: 'us-west-2' }); // 0 once the deletion has replicated
 */
export async function personKeyCount(sub: string, options: Options = {}): Promise<number> {
  return (await storeFor(options).keysOf(sub)).length;
}

/** How long the ledger keeps a person's personal fields after their last account closed (AML). */
export const LEDGER_RETENTION_YEARS = 5;

/**
 * The AML retention of a person's sealed ledger fields, enforced by the person-keys table's TTL:
 * `until` = when the keys (and so every field sealed under them) are deleted, or null to keep them
 * (the person holds an open account again). Returns how many keys changed.
 *
 * @example
 * await retainPersonKeysUntil(sub, addYears(closedAt, 5)); // last account closed
 * await retainPersonKeysUntil(sub, null); // an account opened again
 */
export function retainPersonKeysUntil(
  sub: string,
  until: Date | null,
  options: Options = {},
): Promise<number> {
  return storeFor(options).setExpiry(sub, until === null ? null : Math.floor(until.getTime() / 1000));
}
