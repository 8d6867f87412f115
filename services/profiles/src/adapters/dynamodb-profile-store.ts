import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ConsentRecord } from '../domain/consent';
import type { Profile } from '../domain/profile';
import type { Session } from '../domain/session';
import type { ProfileStore } from '../ports/profile-store';

// Single-table layout (shared/tables/profiles.json), one partition per user:
//   pk USER#<sub>  sk PROFILE             the profile (entity "profile", version for locking)
//   pk USER#<sub>  sk SESSION#<deviceId>  one per device (entity "session", TTL expiresAt; the
//                                        token family of its sign-in: tokenFamily, tokenFamilySince)
//   pk USER#<sub>  sk CONSENT#<recordedAt>#<purpose>#<recordId>
//                                        one immutable consent record (entity "consent", no TTL);
//                                        the ISO time first, so the partition's consents sort by time
const userKey = (userId: string) => `USER#${userId}`;
const PROFILE_SK = 'PROFILE';
const SESSION_PREFIX = 'SESSION#';
const CONSENT_PREFIX = 'CONSENT#';
const consentKey = (userId: string, record: ConsentRecord) => ({
  pk: userKey(userId),
  sk: `${CONSENT_PREFIX}${record.recordedAt}#${record.purpose}#${record.recordId}`,
});
const profileKey = (userId: string) => ({ pk: userKey(userId), sk: PROFILE_SK });
const sessionKey = (userId: string, deviceId: string) => ({
  pk: userKey(userId),
  sk: `${SESSION_PREFIX}${deviceId}`,
});

type Item = Record<string, unknown>;

const toProfile = ({ pk: _pk, sk: _sk, entity: _entity, ...profile }: Item) => profile as unknown as Profile;
const toConsent = ({ recordId, purpose, granted, noticeVersion, recordedAt }: Item) =>
  ({ recordId, purpose, granted, noticeVersion, recordedAt }) as ConsentRecord;
const toSession = ({ pk: _pk, sk: _sk, entity: _entity, ...session }: Item) => session as unknown as Session;

const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/** Reasons of a cancelled transaction, by item position (`None` for items that were fine). */
function cancellationCodes(error: unknown): string[] | undefined {
  if ((error as { name?: string } | null)?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

const BATCH_SIZE = 25;
const MAX_BATCH_ROUNDS = 8;

/**
 * The profiles store on DynamoDB. Every read is strongly consistent and every write conditional
 * where it matters, against the table of the user's HOME region (docs/architecture.md: guarded writes go to
 * one region; see createProfileStore).
 *
 * @example
 * const store = new DynamoDbProfileStore(createDocumentClient({ region: 'us-east-1' }), 'ledgerline-profiles-dev');
 */
export class DynamoDbProfileStore implements ProfileStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createProfile(profile: Profile): Promise<'created' | 'exists'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...profileKey(profile.userId), entity: 'profile', ...profile },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (isConditionFailure(error)) return 'exists';
      throw error;
    }
  }

  async getProfile(userId: string): Promise<Profile | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: profileKey(userId), ConsistentRead: true }),
    );
    return Item ? toProfile(Item) : undefined;
  }

  async replaceProfile(
    next: Profile,
    expected: Pick<Profile, 'version' | 'createdAt'>,
  ): Promise<'replaced' | 'stale'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...profileKey(next.userId), entity: 'profile', ...next },
          ConditionExpression: '#version = :version AND #createdAt = :createdAt',
          ExpressionAttributeNames: { '#version': 'version', '#createdAt': 'createdAt' },
          ExpressionAttributeValues: { ':version': expected.version, ':createdAt': expected.createdAt },
        }),
      );
      return 'replaced';
    } catch (error) {
      if (isConditionFailure(error)) return 'stale';
      throw error;
    }
  }

  async deleteProfile(userId: string): Promise<boolean> {
    let existed = true;
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: profileKey(userId),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      existed = false;
    }
    // Sessions go after the profile: a session PUT checks the profile in its transaction, so none
    // can be added from here on. Runs even without a profile, to finish an interrupted delete.
    // Consent records stay: they are the proof of consent (and of withdrawal) for the account's life.
    const keys = (await this.queryUser(userId, 'pk, sk'))
      .filter(({ sk }) => !String(sk).startsWith(CONSENT_PREFIX))
      .map(({ pk, sk }) => ({ pk, sk }));
    await this.deleteKeys(keys);
    return existed;
  }

  async putSession(session: Session): Promise<'created' | 'updated' | 'no-profile'> {
    const key = sessionKey(session.userId, session.deviceId);
    const profileExists = {
      ConditionCheck: {
        TableName: this.tableName,
        Key: profileKey(session.userId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            profileExists,
            {
              Put: {
                TableName: this.tableName,
                Item: { ...key, entity: 'session', ...session },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'created';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') return 'no-profile';
      if (codes[1] !== 'ConditionalCheckFailed') throw error;
    }
    // The device has a session: replace everything but createdAt, and keep tokenFamilySince while
    // the family is the one stored (the first PUT with a family bounds its auth_time best).
    const sameFamily = await this.updateSession(session, 'same-family');
    if (sameFamily !== 'family-changed') return sameFamily;
    const outcome = await this.updateSession(session, 'new-family');
    // Deleted between our writes: the caller retries and gets 201.
    if (outcome === 'family-changed') throw new Error('session deleted while being updated');
    return outcome;
  }

  /** The update half of putSession, conditioned on the stored family being `session`'s or not. */
  private async updateSession(
    session: Session,
    family: 'same-family' | 'new-family',
  ): Promise<'updated' | 'no-profile' | 'family-changed'> {
    const key = sessionKey(session.userId, session.deviceId);
    const {
      createdAt: _createdAt,
      userId: _userId,
      deviceId: _deviceId,
      pushToken,
      tokenFamilySince,
      ...fields
    } = session;
    const names = Object.fromEntries(Object.keys(fields).map((name) => [`#${name}`, name]));
    const values = Object.fromEntries(Object.entries(fields).map(([name, value]) => [`:${name}`, value]));
    const sets = Object.keys(fields).map((name) => `#${name} = :${name}`);
    if (pushToken !== undefined) sets.push('#pushToken = :pushToken');
    sets.push(
      family === 'same-family'
        ? '#tokenFamilySince = if_not_exists(#tokenFamilySince, :tokenFamilySince)'
        : '#tokenFamilySince = :tokenFamilySince',
    );
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: profileKey(session.userId),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: key,
                UpdateExpression: `SET ${sets.join(', ')}${pushToken === undefined ? ' REMOVE #pushToken' : ''}`,
                ConditionExpression:
                  family === 'same-family'
                    ? 'attribute_exists(pk) AND #tokenFamily = :tokenFamily'
                    : 'attribute_exists(pk)',
                ExpressionAttributeNames: {
                  ...names,
                  '#pushToken': 'pushToken',
                  '#tokenFamily': 'tokenFamily',
                  '#tokenFamilySince': 'tokenFamilySince',
                },
                ExpressionAttributeValues: {
                  ...values,
                  ':tokenFamily': session.tokenFamily,
                  ':tokenFamilySince': tokenFamilySince,
                  ...(pushToken !== undefined && { ':pushToken': pushToken }),
                },
              },
            },
          ],
        }),
      );
      return 'updated';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') return 'no-profile';
      if (codes?.[1] === 'ConditionalCheckFailed') return 'family-changed';
      throw error;
    }
  }

  async listSessions(userId: string): Promise<{ profileExists: boolean; sessions: Session[] }> {
    const items = await this.queryUser(userId);
    return {
      profileExists: items.some((item) => item.sk === PROFILE_SK),
      sessions: items.filter((item) => String(item.sk).startsWith(SESSION_PREFIX)).map(toSession),
    };
  }

  async getSession(userId: string, deviceId: string): Promise<Session | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: sessionKey(userId, deviceId), ConsistentRead: true }),
    );
    return Item ? toSession(Item) : undefined;
  }

  async deleteSession(userId: string, deviceId: string, tokenFamily: string | undefined): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: sessionKey(userId, deviceId),
          ...(tokenFamily === undefined
            ? {
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#tokenFamily)',
                ExpressionAttributeNames: { '#tokenFamily': 'tokenFamily' },
              }
            : {
                ConditionExpression: 'attribute_exists(pk) AND #tokenFamily = :tokenFamily',
                ExpressionAttributeNames: { '#tokenFamily': 'tokenFamily' },
                ExpressionAttributeValues: { ':tokenFamily': tokenFamily },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async appendConsent(userId: string, record: ConsentRecord): Promise<void> {
    // A new key every time (random id): the condition only guarantees no record is ever overwritten.
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...consentKey(userId, record), entity: 'consent', ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async listConsents(userId: string): Promise<ConsentRecord[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :consent)',
          ExpressionAttributeValues: { ':pk': userKey(userId), ':consent': CONSENT_PREFIX },
          ConsistentRead: true,
          ScanIndexForward: false,
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items.map(toConsent);
  }

  /** Every item of one user's partition (all pages), optionally projected. */
  private async queryUser(userId: string, projection?: string): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': userKey(userId) },
          ConsistentRead: true,
          ...(projection && { ProjectionExpression: projection }),
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  private async deleteKeys(keys: Item[]): Promise<void> {
    for (let start = 0; start < keys.length; start += BATCH_SIZE) {
      let pending: Item[] = keys.slice(start, start + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
      for (let round = 0; pending.length > 0; round += 1) {
        if (round === MAX_BATCH_ROUNDS) throw new Error('BatchWriteItem left items unprocessed');
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = result.UnprocessedItems?.[this.tableName] ?? [];
      }
    }
  }
}
