// Calling the transactions handlers in-process the way API Gateway does, behind the authorizer.
import type { APIGatewayProxyResult } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { apiEvent, lambdaContext } from '../../../tests/support/api-gateway';
import type { ApiEventOptions } from '../../../tests/support/api-gateway';
import { handler as createAccountHandler } from '../src/handlers/create-account';
import { handler as createTransactionHandler } from '../src/handlers/create-transaction';
import { handler as getAccountHandler } from '../src/handlers/get-account';
import { handler as getTransactionHandler } from '../src/handlers/get-transaction';
import { handler as listTransactionsHandler } from '../src/handlers/list-transactions';

export interface Caller {
  sub: string;
  tokenType: 'access' | 'service';
  scope: string;
  clientId: string;
}

/** A user (Cognito access token) with a fresh sub. */
export const user = (sub = `user-${randomUUID()}`): Caller => ({
  sub,
  tokenType: 'access',
  scope: 'aws.cognito.signin.user.admin',
  clientId: 'mobile-client',
});

/** A back-office service token. */
export const service = (scope = 'transactions:read transactions:write'): Caller => ({
  sub: 'ledgerline-backoffice',
  tokenType: 'service',
  scope,
  clientId: 'ledgerline-backoffice',
});

export interface Response {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json: Record<string, unknown>;
}

type Handler = (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => unknown;

export async function invoke(handler: Handler, caller: Caller | undefined, options: ApiEventOptions) {
  const raw = (await handler(
    apiEvent({
      ...options,
      // Malformed JSON is sent as a string: still declared as JSON, as a client would.
      headers: {
        ...(typeof options.body === 'string' && { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      ...(caller && { authorizer: { ...caller } }),
    }),
    lambdaContext(),
  )) as APIGatewayProxyResult;
  const headers = (raw.headers ?? {}) as Record<string, string>;
  return {
    statusCode: raw.statusCode,
    headers,
    body: raw.body,
    json: raw.body ? (JSON.parse(raw.body) as Record<string, unknown>) : {},
  } satisfies Response;
}

export const api = {
  createAccount: (caller: Caller | undefined, body: unknown) =>
    invoke(createAccountHandler as Handler, caller, {
      method: 'POST',
      path: '/accounts',
      resource: '/accounts',
      body,
    }),
  getAccount: (caller: Caller | undefined, accountId: string) =>
    invoke(getAccountHandler as Handler, caller, {
      path: `/accounts/${accountId}`,
      resource: '/accounts/{accountId}',
      pathParameters: { accountId },
    }),
  createTransaction: (
    caller: Caller | undefined,
    accountId: string,
    body: unknown,
    /** `null`: send no Idempotency-Key header. */
    idempotencyKey: string | null = randomUUID(),
    headers: Record<string, string> = {},
  ) =>
    invoke(createTransactionHandler as Handler, caller, {
      method: 'POST',
      path: `/accounts/${accountId}/transactions`,
      resource: '/accounts/{accountId}/transactions',
      pathParameters: { accountId },
      body,
      headers: { ...(idempotencyKey !== null && { 'Idempotency-Key': idempotencyKey }), ...headers },
    }),
  getTransaction: (caller: Caller | undefined, transactionId: string) =>
    invoke(getTransactionHandler as Handler, caller, {
      path: `/transactions/${transactionId}`,
      resource: '/transactions/{transactionId}',
      pathParameters: { transactionId },
    }),
  listTransactions: (caller: Caller | undefined, accountId: string, query?: Record<string, string>) =>
    invoke(listTransactionsHandler as Handler, caller, {
      path: `/accounts/${accountId}/transactions`,
      resource: '/accounts/{accountId}/transactions',
      pathParameters: { accountId },
      ...(query && { query }),
    }),
};

/** Opens an account for `caller` and returns its id. */
export async function openAccount(caller: Caller, currency = 'USD'): Promise<string> {
  const response = await api.createAccount(caller, { currency });
  if (response.statusCode !== 201) throw new Error(`create account: ${response.statusCode} ${response.body}`);
  return response.json.accountId as string;
}

/** Credits an account (fails the test if the credit is refused). */
export async function credit(caller: Caller, accountId: string, value: number, currency = 'USD') {
  const response = await api.createTransaction(caller, accountId, {
    type: 'credit',
    amount: { value, currency },
  });
  if (response.statusCode !== 201) throw new Error(`credit: ${response.statusCode} ${response.body}`);
  return response;
}

/** Every item in an account's partition (account, transactions, idempotency records). */
export async function partition(accountId: string): Promise<Array<Record<string, unknown>>> {
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { testDocumentClient, testTableName } = await import('../../../tests/support/dynamodb');
  const items: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await testDocumentClient().send(
      new QueryCommand({
        TableName: testTableName('transactions'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}` },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Counts of an account's items by kind, and its stored balance. */
export async function ledgerState(accountId: string) {
  const items = await partition(accountId);
  const account = items.find((item) => item.entity === 'account');
  return {
    balance: account?.balance as number | undefined,
    version: account?.version as number | undefined,
    transactions: items.filter((item) => item.entity === 'transaction'),
    idempotencyRecords: items.filter((item) => item.entity === 'idempotency'),
  };
}

export const PROBLEM = 'application/problem+json';
