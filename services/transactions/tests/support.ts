// Calling the transactions handlers in-process the way API Gateway does, behind the authorizer.
import type { APIGatewayProxyResult } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { apiEvent, lambdaContext } from '../../../tests/support/api-gateway';
import type { ApiEventOptions } from '../../../tests/support/api-gateway';
import { handler as createAccountHandler } from '../src/handlers/create-account';
import { handler as closeAccountHandler } from '../src/handlers/close-account';
import { handler as createTransferHandler } from '../src/handlers/create-transfer';
import { handler as getAccountHandler } from '../src/handlers/get-account';
import { handler as getTransferHandler } from '../src/handlers/get-transfer';
import { handler as listAccountsHandler } from '../src/handlers/list-accounts';
import { handler as listEntriesHandler } from '../src/handlers/list-entries';
import { handler as postTransferHandler } from '../src/handlers/post-transfer';
import { handler as reverseTransferHandler } from '../src/handlers/reverse-transfer';
import { handler as setOverdraftLimitHandler } from '../src/handlers/set-overdraft-limit';
import { handler as voidTransferHandler } from '../src/handlers/void-transfer';

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

/** A back-office service token (by default: deposits, withdrawals, admin and reads). */
export const service = (scope = 'ledger:deposit ledger:withdraw ledger:admin transactions:read'): Caller => ({
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
  closeAccount: (caller: Caller | undefined, accountId: string) =>
    invoke(closeAccountHandler as Handler, caller, {
      method: 'POST',
      path: `/accounts/${accountId}/close`,
      resource: '/accounts/{accountId}/close',
      pathParameters: { accountId },
    }),
  setOverdraftLimit: (caller: Caller | undefined, accountId: string, body: unknown) =>
    invoke(setOverdraftLimitHandler as Handler, caller, {
      method: 'PUT',
      path: `/accounts/${accountId}/overdraft-limit`,
      resource: '/accounts/{accountId}/overdraft-limit',
      pathParameters: { accountId },
      body,
    }),
  createTransfer: (
    caller: Caller | undefined,
    body: unknown,
    /** `null`: send no Idempotency-Key header. */
    idempotencyKey: string | null = randomUUID(),
    headers: Record<string, string> = {},
  ) =>
    invoke(createTransferHandler as Handler, caller, {
      method: 'POST',
      path: '/transfers',
      resource: '/transfers',
      body,
      headers: { ...(idempotencyKey !== null && { 'Idempotency-Key': idempotencyKey }), ...headers },
    }),
  getTransfer: (caller: Caller | undefined, transferId: string) =>
    invoke(getTransferHandler as Handler, caller, {
      path: `/transfers/${transferId}`,
      resource: '/transfers/{transferId}',
      pathParameters: { transferId },
    }),
  resolve: (
    caller: Caller | undefined,
    action: 'post' | 'void' | 'reverse',
    transferId: string,
    body: unknown = {},
    idempotencyKey: string | null = randomUUID(),
  ) =>
    invoke(
      (action === 'post'
        ? postTransferHandler
        : action === 'void'
          ? voidTransferHandler
          : reverseTransferHandler) as Handler,
      caller,
      {
        method: 'POST',
        path: `/transfers/${transferId}/${action}`,
        resource: `/transfers/{transferId}/${action}`,
        pathParameters: { transferId },
        body,
        headers: { ...(idempotencyKey !== null && { 'Idempotency-Key': idempotencyKey }) },
      },
    ),
  listAccounts: (caller: Caller | undefined, query?: Record<string, string>) =>
    invoke(listAccountsHandler as Handler, caller, {
      path: '/accounts',
      resource: '/accounts',
      ...(query && { query }),
    }),
  listEntries: (caller: Caller | undefined, accountId: string, query?: Record<string, string>) =>
    invoke(listEntriesHandler as Handler, caller, {
      path: `/accounts/${accountId}/entries`,
      resource: '/accounts/{accountId}/entries',
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

const usd = (value: number, currency = 'USD') => ({ value, currency });

/** Deposits into an account from settlement (back office; fails the test if refused). */
export async function deposit(accountId: string, value: number, currency = 'USD') {
  const response = await api.createTransfer(service('ledger:deposit'), {
    from: 'system:settlement',
    to: accountId,
    amount: usd(value, currency),
  });
  if (response.statusCode !== 201) throw new Error(`deposit: ${response.statusCode} ${response.body}`);
  return response;
}

/** The posted, pending and available balances of an account (read as back office). */
export async function balances(accountId: string) {
  const response = await api.getAccount(service('transactions:read'), accountId);
  if (response.statusCode !== 200) throw new Error(`get account: ${response.statusCode} ${response.body}`);
  const b = response.json.balances as Record<string, { value: number }>;
  return { posted: b.posted!.value, pending: b.pending!.value, available: b.available!.value };
}

/** Every item in an account's partition (account, entries). */
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

/** An account's stored state and its entries (oldest first). */
export async function ledgerState(accountId: string) {
  const items = await partition(accountId);
  const account = items.find((item) => item.entity === 'account');
  return {
    posted: account?.posted as number | undefined,
    version: account?.version as number | undefined,
    entries: items.filter((item) => item.entity === 'entry'),
  };
}

export const PROBLEM = 'application/problem+json';
