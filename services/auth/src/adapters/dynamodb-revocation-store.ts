import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from '@ledgerline/shared/config';
import type { DocumentClientOptions } from '@ledgerline/shared/dynamodb';
import { createDocumentClient } from '@ledgerline/shared/dynamodb';
import { tableName } from '@ledgerline/shared/tables';
import type { EndReason, SessionRecords } from '../domain/sessions';
import { familyRecordExpiry, notBeforeRecordExpiry, sessionKeys } from '../domain/sessions';
import type { RevocationStore } from '../ports/revocation-store';

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);
/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;
/** Rounds of re-reading unprocessed keys (throttling) before failing: reads must not pass as "no record". */
const MAX_BATCH_ROUNDS = 4;

/**
 * Ended sessions in the auth table (`ledgerline-auth-<stage>`, shared/tables/auth.json):
 * `USER#<sub>` / `FAMILY#<origin_jti>` `{revokedAt, reason, expiresAt}` and
 * `USER#<sub>` / `NOT_BEFORE` `{notBefore, reason, updatedAt, expiresAt}`; DynamoDB TTL removes
 * each once no token it refuses can still be valid (domain/sessions.ts).
 *
 * Both writes are single-item updates that any region may make: a family revocation is the same
 * whoever writes it, and "not before" only moves forward (the condition is checked on the writing
 * region's replica). Two regions raising it concurrently converge by global tables' last-writer-wins
 * on the LATER WRITE, whose instant is normally the later one too; with clock skew the later write can
 * carry the earlier instant, and sessions between the two instants are then allowed again
 * (tests/integration/revocation-regions.test.ts shows both cases; every session before the earlier
 * instant stays refused).
 */
export class DynamoDbRevocationStore implements RevocationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * The store of this stage's auth table. The authorizer passes tighter client settings: it sits in
   * front of every request, so it gives DynamoDB less time before failing closed.
   *
   * @example
   * const store = DynamoDbRevocationStore.fromEnvironment();
   */
  static fromEnvironment(options: DocumentClientOptions = {}): DynamoDbRevocationStore {
    return new DynamoDbRevocationStore(
      createDocumentClient(options),
      tableName('auth', runtimeConfig().stage),
    );
  }

  async revokeFamily(sub: string, family: string, reason: EndReason, at: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: sessionKeys.user(sub), sk: sessionKeys.family(family) },
        UpdateExpression:
          'SET revokedAt = if_not_exists(revokedAt, :at), reason = if_not_exists(reason, :reason), expiresAt = :expiresAt',
        ExpressionAttributeValues: {
          ':at': epochSeconds(at),
          ':reason': reason,
          ':expiresAt': familyRecordExpiry(at),
        },
      }),
    );
  }

  async raiseNotBefore(sub: string, notBefore: number, reason: EndReason, at: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: sessionKeys.user(sub), sk: sessionKeys.notBefore },
          UpdateExpression:
            'SET notBefore = :notBefore, reason = :reason, updatedAt = :at, expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(notBefore) OR notBefore < :notBefore',
          ExpressionAttributeValues: {
            ':notBefore': notBefore,
            ':reason': reason,
            ':at': epochSeconds(at),
            ':expiresAt': notBeforeRecordExpiry(notBefore),
          },
        }),
      );
    } catch (error) {
      // Already at or past this instant: the sessions it would end are ended.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }

  async recordsFor(sub: string, family: string): Promise<SessionRecords> {
    const user = sessionKeys.user(sub);
    const keys = [
      { pk: user, sk: sessionKeys.family(family) },
      { pk: user, sk: sessionKeys.notBefore },
    ];
    // One BatchGetItem, eventually consistent (this region's replica): 2 × 0.5 RCU.
    const result = await this.client.send(
      new BatchGetCommand({
        RequestItems: {
          [this.table]: {
            Keys: keys,
            ProjectionExpression: 'sk, revokedAt, notBefore',
          },
        },
      }),
    );
    // Unprocessed keys (throttling) must not read as "no record": that would let a revoked token in.
    if (Object.keys(result.UnprocessedKeys ?? {}).length > 0) {
      throw new Error('revocation records not read (unprocessed keys)');
    }
    const records: SessionRecords = {};
    for (const item of result.Responses?.[this.table] ?? []) {
      if (item.sk === sessionKeys.notBefore && typeof item.notBefore === 'number') {
        records.notBefore = item.notBefore;
      } else if (typeof item.revokedAt === 'number') {
        records.familyRevokedAt = item.revokedAt;
      }
    }
    return records;
  }

  async recordsForFamilies(sub: string, families: readonly string[]): Promise<Map<string, SessionRecords>> {
    const user = sessionKeys.user(sub);
    const unique = [...new Set(families)];
    const keys = [
      { pk: user, sk: sessionKeys.notBefore },
      ...unique.map((family) => ({ pk: user, sk: sessionKeys.family(family) })),
    ];
    const revokedAt = new Map<string, number>();
    let notBefore: number | undefined;
    for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
      for (const item of await this.batchGet(keys.slice(start, start + BATCH_GET_LIMIT))) {
        if (item.sk === sessionKeys.notBefore) {
          if (typeof item.notBefore === 'number') notBefore = item.notBefore;
        } else if (typeof item.revokedAt === 'number') {
          revokedAt.set(String(item.sk).slice(sessionKeys.family('').length), item.revokedAt);
        }
      }
    }
    return new Map(
      unique.map((family) => {
        const records: SessionRecords = {};
        const at = revokedAt.get(family);
        if (at !== undefined) records.familyRevokedAt = at;
        if (notBefore !== undefined) records.notBefore = notBefore;
        return [family, records];
      }),
    );
  }

  /** One BatchGetItem of ≤ 100 keys, eventually consistent, re-reading unprocessed keys (bounded). */
  private async batchGet(keys: Array<Record<string, string>>): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let pending: Array<Record<string, unknown>> = keys;
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === MAX_BATCH_ROUNDS) throw new Error('revocation records not read (unprocessed keys)');
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
      const result = await this.client.send(
        new BatchGetCommand({
          RequestItems: { [this.table]: { Keys: pending, ProjectionExpression: 'sk, revokedAt, notBefore' } },
        }),
      );
      items.push(...(result.Responses?.[this.table] ?? []));
      pending = result.UnprocessedKeys?.[this.table]?.Keys ?? [];
    }
    return items;
  }
}
