import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExportJob } from '../domain/export-job';
import type { ExportJobStore } from '../ports/export-jobs';

// Export jobs in the profiles table (shared/tables/profiles.json), on the person's partition:
//   pk USER#<sub>  sk EXPORT#<exportId>  the job (entity "export"); while unfinished also
//                                        gsi1pk JOBS#export, gsi1sk <dueAt>#<sub>#<exportId>
//   pk USER#<sub>  sk EXPORTS-OPEN       the person's one unfinished export (exportId): written
//                                        with the job under attribute_not_exists, deleted when it
//                                        finishes — two concurrent requests cannot both open one
const userKey = (userId: string) => `USER#${userId}`;
const jobKey = (userId: string, exportId: string) => ({ pk: userKey(userId), sk: `EXPORT#${exportId}` });
const slotKey = (userId: string) => ({ pk: userKey(userId), sk: 'EXPORTS-OPEN' });
const JOBS_PK = 'JOBS#export';
const dueKey = (dueAt: string, userId: string, exportId: string) => `${dueAt}#${userId}#${exportId}`;

type Item = Record<string, unknown>;
const toJob = ({ pk: _pk, sk: _sk, entity: _e, gsi1pk: _g, gsi1sk: _s, ...job }: Item) =>
  job as unknown as ExportJob;
const errorName = (error: unknown) => (error as { name?: string } | null)?.name;
const cancellationCodes = (error: unknown): string[] =>
  ((error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []).map(
    (reason) => reason.Code ?? 'None',
  );

/**
 * @example
 * const jobs = new DynamoDbExportJobs(createDocumentClient({ region: 'us-east-1' }), 'ledgerline-profiles-dev');
 */
export class DynamoDbExportJobs implements ExportJobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async openExport(job: ExportJob): Promise<ExportJob> {
    // A slot freed between our failed write and our read: try again (a few rounds at most).
    for (let round = 0; round < 5; round += 1) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...slotKey(job.userId), entity: 'export-slot', exportId: job.exportId },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...jobKey(job.userId, job.exportId),
                    entity: 'export',
                    ...job,
                    gsi1pk: JOBS_PK,
                    gsi1sk: dueKey(job.dueAt ?? job.createdAt, job.userId, job.exportId),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return job;
      } catch (error) {
        if (
          errorName(error) !== 'TransactionCanceledException' ||
          cancellationCodes(error)[0] !== 'ConditionalCheckFailed'
        ) {
          throw error;
        }
      }
      const slot = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: slotKey(job.userId), ConsistentRead: true }),
      );
      const open = slot.Item && (await this.getExport(job.userId, String(slot.Item.exportId)));
      if (open) return open;
    }
    throw new Error('profiles: could not open an export (the slot kept changing)');
  }

  async getExport(userId: string, exportId: string): Promise<ExportJob | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: jobKey(userId, exportId), ConsistentRead: true }),
    );
    return Item ? toJob(Item) : undefined;
  }

  async claimExport(
    userId: string,
    exportId: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<ExportJob | undefined> {
    const until = leaseUntil.toISOString();
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: jobKey(userId, exportId),
          UpdateExpression: 'SET #status = :running, dueAt = :until, gsi1sk = :due ADD attempts :one',
          ConditionExpression: '#status = :pending OR (#status = :running AND dueAt < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':pending': 'pending',
            ':until': until,
            ':due': dueKey(until, userId, exportId),
            ':now': now.toISOString(),
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toJob(Attributes as Item);
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  async finishExport(
    job: ExportJob,
    outcome: { status: 'ready'; readyAt: Date; expiresAt: Date } | { status: 'failed'; at: Date },
  ): Promise<boolean> {
    const times =
      outcome.status === 'ready'
        ? { ':readyAt': outcome.readyAt.toISOString(), ':expiresAt': outcome.expiresAt.toISOString() }
        : { ':failedAt': outcome.at.toISOString() };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: jobKey(job.userId, job.exportId),
                // Leaving the jobs index: a finished job is nobody's work any more.
                UpdateExpression: `SET #status = :status, ${
                  outcome.status === 'ready'
                    ? 'readyAt = :readyAt, expiresAt = :expiresAt'
                    : 'failedAt = :failedAt'
                } REMOVE gsi1pk, gsi1sk, dueAt`,
                ConditionExpression: '#status = :running AND attempts = :attempt',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':status': outcome.status,
                  ':running': 'running',
                  ':attempt': job.attempts,
                  ...times,
                },
              },
            },
            {
              Delete: {
                TableName: this.tableName,
                Key: slotKey(job.userId),
                ConditionExpression: 'attribute_not_exists(pk) OR exportId = :id',
                ExpressionAttributeValues: { ':id': job.exportId },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (errorName(error) === 'TransactionCanceledException') return false;
      throw error;
    }
  }

  async dueExports(now: Date, limit: number): Promise<Array<{ userId: string; exportId: string }>> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': JOBS_PK, ':now': `${now.toISOString()}#\uffff` },
        Limit: limit,
      }),
    );
    return Items.map((item) => {
      const [, userId, exportId] = String(item.gsi1sk).split('#');
      return { userId: userId!, exportId: exportId! };
    });
  }
}
