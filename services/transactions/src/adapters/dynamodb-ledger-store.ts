import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { documentClientFor } from './dynamodb-clients';
import {
  accountItem,
  accountPk,
  ACCOUNT_SK,
  idempotencyItem,
  idempotencySk,
  toAccount,
  toIdempotencyRecord,
  toTransaction,
  transactionItem,
  transactionSk,
  TX_PREFIX,
} from './ledger-items';
import type {
  CommitFailure,
  CommitResult,
  LedgerStore,
  TransactionCommit,
  TransactionPage,
} from '../ports/ledger-store';

/** DynamoDB adapter of LedgerStore over the single transactions table (adapters/ledger-items.ts). */
export class DynamoDbLedgerStore implements LedgerStore {
  constructor(
    private readonly table: string,
    readonly localRegion: string,
  ) {}

  async createAccount(account: Parameters<LedgerStore['createAccount']>[0]): Promise<void> {
    await documentClientFor(account.homeRegion).send(
      new PutCommand({
        TableName: this.table,
        Item: accountItem(account),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getAccount(accountId: string, region = this.localRegion) {
    const { Item } = await documentClientFor(region).send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: accountPk(accountId), sk: ACCOUNT_SK },
        ConsistentRead: true,
      }),
    );
    return Item ? toAccount(Item) : undefined;
  }

  async getIdempotencyRecord(accountId: string, scope: string, region: string) {
    const { Item } = await documentClientFor(region).send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: accountPk(accountId), sk: idempotencySk(scope) },
        ConsistentRead: true,
      }),
    );
    return Item ? toIdempotencyRecord(Item) : undefined;
  }

  async commitTransaction(commit: TransactionCommit, region: string): Promise<CommitResult> {
    const { expected, account, transaction, idempotency } = commit;
    const pk = accountPk(account.accountId);
    const nowSeconds = Math.floor(Date.parse(transaction.createdAt) / 1000);
    try {
      await documentClientFor(region).send(
        new TransactWriteCommand({
          // Makes the SDK's own retries of this exact call (timeouts, 5xx) idempotent for 10 min.
          // A fresh token per attempt of ours: an SDK retry of this call reuses it.
          ClientRequestToken: randomUUID(),
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk, sk: ACCOUNT_SK },
                UpdateExpression: 'SET balance = :balance, version = :version, updatedAt = :updatedAt',
                ConditionExpression: 'version = :expectedVersion AND balance = :expectedBalance',
                ExpressionAttributeValues: {
                  ':balance': account.balance,
                  ':version': account.version,
                  ':updatedAt': account.updatedAt,
                  ':expectedVersion': expected.version,
                  ':expectedBalance': expected.balance,
                },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: transactionItem(transaction),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: idempotencyItem(account.accountId, idempotency),
                // A record past its window counts as absent even before TTL has deleted it.
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
                ExpressionAttributeValues: { ':now': nowSeconds },
              },
            },
          ],
        }),
      );
      return { committed: true };
    } catch (error) {
      if (
        error instanceof TransactionCanceledException ||
        (error as Error).name === 'TransactionCanceledException'
      ) {
        return { committed: false, reason: cancellationReason(error as TransactionCanceledException) };
      }
      // Thrown when the SDK retried with our ClientRequestToken but other parameters: the first
      // attempt may have committed. Treat it as a conflict: the caller re-reads and resolves.
      if ((error as Error).name === 'IdempotentParameterMismatchException') {
        return { committed: false, reason: 'conflict' };
      }
      if ((error as Error).name === 'TransactionInProgressException')
        return { committed: false, reason: 'conflict' };
      throw error;
    }
  }

  async getTransaction(accountId: string, sequence: number) {
    const { Item } = await documentClientFor(this.localRegion).send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: accountPk(accountId), sk: transactionSk(sequence) },
        ConsistentRead: true,
      }),
    );
    return Item ? toTransaction(Item) : undefined;
  }

  async listTransactions(
    accountId: string,
    page: { limit: number; after?: string },
  ): Promise<TransactionPage> {
    const pk = accountPk(accountId);
    const { Items, LastEvaluatedKey } = await documentClientFor(this.localRegion).send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tx)',
        ExpressionAttributeValues: { ':pk': pk, ':tx': TX_PREFIX },
        ScanIndexForward: false,
        Limit: page.limit,
        ConsistentRead: true,
        ...(page.after !== undefined && { ExclusiveStartKey: { pk, sk: page.after } }),
      }),
    );
    const next = LastEvaluatedKey?.sk;
    return { items: (Items ?? []).map(toTransaction), ...(typeof next === 'string' && { next }) };
  }
}

/**
 * Maps CancellationReasons (index-aligned with TransactItems: account, transaction, idempotency)
 * to what the caller does next. A failed idempotency condition wins: it decides replay or 422.
 */
function cancellationReason(error: TransactionCanceledException): CommitFailure {
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  if (codes[2] === 'ConditionalCheckFailed') return 'idempotency-exists';
  if (codes[2] === 'TransactionConflict') return 'idempotency-in-progress';
  if (codes[0] === 'ConditionalCheckFailed') return 'stale-account';
  return 'conflict';
}
