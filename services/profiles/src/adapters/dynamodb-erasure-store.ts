import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ErasureJob, ErasureStep, StepState } from '../domain/erasure';
import { jobsIndexKey } from '../domain/erasure';
import type { ErasureStore } from '../ports/erasure-store';

// The erasure job in the person's partition of the profiles table (shared/tables/profiles.json):
//   pk USER#<sub>  sk ERASURE   entity "erasure": sub, jobId, status, steps, timestamps; while
//                               unfinished gsi1pk JOBS#erasure, gsi1sk <dueAt>#<sub>#<jobId> (the
//                               sparse index the sweeper reads); once complete, expiresAt (TTL).
const userKey = (sub: string) => `USER#${sub}`;
const ERASURE_SK = 'ERASURE';
const JOBS_KEY = 'JOBS#erasure';
const jobKey = (sub: string) => ({ pk: userKey(sub), sk: ERASURE_SK });

type Item = Record<string, unknown>;

const toJob = ({ sub, jobId, status, steps, requestedAt, startedAt, completedAt, dueAt, expiresAt }: Item) =>
  ({
    sub,
    jobId,
    status,
    steps,
    requestedAt,
    ...(startedAt !== undefined && { startedAt }),
    ...(completedAt !== undefined && { completedAt }),
    ...(dueAt !== undefined && { dueAt }),
    ...(expiresAt !== undefined && { expiresAt }),
  }) as ErasureJob;

const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/**
 * Erasure jobs on DynamoDB, in the profiles table of the HOME region (like every guarded write of
 * this service: conditions decide which worker runs a job). Reads are strongly consistent.
 *
 * @example
 * const store = new DynamoDbErasureStore(createDocumentClient({ region: 'us-east-1' }), 'ledgerline-profiles-dev');
 */
export class DynamoDbErasureStore implements ErasureStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getJob(sub: string): Promise<ErasureJob | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: jobKey(sub), ConsistentRead: true }),
    );
    return Item ? toJob(Item) : undefined;
  }

  async createJob(job: ErasureJob): Promise<'created' | 'exists'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...jobKey(job.sub),
            entity: 'erasure',
            ...job,
            gsi1pk: JOBS_KEY,
            gsi1sk: jobsIndexKey(job, job.dueAt ?? job.requestedAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (isConditionFailure(error)) return 'exists';
      throw error;
    }
  }

  async claim(job: ErasureJob, seenDueAt: string, leaseUntil: Date, now: Date): Promise<boolean> {
    const dueAt = leaseUntil.toISOString();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: jobKey(job.sub),
          UpdateExpression:
            'SET #status = :running, startedAt = if_not_exists(startedAt, :now), dueAt = :dueAt, gsi1sk = :gsi1sk',
          ConditionExpression: 'dueAt = :seen AND #status <> :complete',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':complete': 'complete',
            ':now': now.toISOString(),
            ':dueAt': dueAt,
            ':gsi1sk': jobsIndexKey(job, dueAt),
            ':seen': seenDueAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async recordStep(job: ErasureJob, step: ErasureStep, state: StepState, dueAt?: Date): Promise<void> {
    const due = dueAt?.toISOString();
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: jobKey(job.sub),
        UpdateExpression: `SET steps.#step = :state${due ? ', dueAt = :dueAt, gsi1sk = :gsi1sk' : ''}`,
        ConditionExpression: 'jobId = :jobId',
        ExpressionAttributeNames: { '#step': step },
        ExpressionAttributeValues: {
          ':state': state,
          ':jobId': job.jobId,
          ...(due && { ':dueAt': due, ':gsi1sk': jobsIndexKey(job, due) }),
        },
      }),
    );
  }

  async complete(job: ErasureJob, now: Date, expiresAt: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: jobKey(job.sub),
        UpdateExpression:
          'SET #status = :complete, completedAt = :now, expiresAt = :expiresAt REMOVE dueAt, gsi1pk, gsi1sk',
        ConditionExpression: 'jobId = :jobId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':complete': 'complete',
          ':now': now.toISOString(),
          ':expiresAt': expiresAt,
          ':jobId': job.jobId,
        },
      }),
    );
  }

  async dueJobs(now: Date, limit: number): Promise<ErasureJob[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :jobs AND gsi1sk <= :due',
        // `~` sorts after every character of a sub and a job id: every job due at `now` itself.
        ExpressionAttributeValues: { ':jobs': JOBS_KEY, ':due': `${now.toISOString()}#~` },
        Limit: limit,
      }),
    );
    return Items.map(toJob);
  }

  async deletePersonalItems(sub: string): Promise<number> {
    let deleted = 0;
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': userKey(sub) },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      // One DeleteItem per item (the function's role has no BatchWriteItem): a person holds a
      // profile, a few devices, consents and exports; a crash part-way is resumed by the job.
      for (const key of page.Items ?? []) {
        if (key.sk === ERASURE_SK) continue;
        await this.client.send(
          new DeleteCommand({ TableName: this.tableName, Key: { pk: key.pk, sk: key.sk } }),
        );
        deleted += 1;
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return deleted;
  }
}
