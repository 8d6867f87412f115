/**
 * Every route of the transactions service, declared once: `npm run generate` writes the functions
 * block of serverless.yml, the precompiled validators and the OpenAPI operations from it.
 */
import { defineRoutes, healthRoute } from '@ledgerline/shared/http/route-manifest';
import * as schemas from './schemas';

/** Reads go to the table in this region. */
const localTable = '${self:custom.transactions.localTableArn}';
/** Writes go to the account's home region: the table in every API region, named explicitly. */
const homeTables = '${self:custom.transactions.homeTableArns}';

export const routes = defineRoutes({
  health: healthRoute('transactions'),
  createAccount: {
    method: 'post',
    path: '/accounts',
    handler: 'create-account',
    summary: 'Open an account homed in this region (user access tokens only)',
    authorizer: 'jwt',
    request: schemas.createAccountSchema,
    bodyName: 'CreateAccountRequest',
    responses: { 201: { description: 'The new account', schema: 'Account', headers: ['Location'] } },
    problems: [400, 413, 415, 429],
    iam: [{ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: localTable }],
  },
  getAccount: {
    method: 'get',
    path: '/accounts/{accountId}',
    handler: 'get-account',
    summary: 'One account of the caller (404 when missing or not yours)',
    authorizer: 'jwt',
    request: { path: schemas.accountPathSchema },
    responses: { 200: { description: 'The account', schema: 'Account' } },
    problems: [400, 404, 429],
    iam: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: localTable }],
  },
  createTransaction: {
    method: 'post',
    path: '/accounts/{accountId}/transactions',
    handler: 'create-transaction',
    summary: 'Credit or debit, exactly once per Idempotency-Key (a retry replays the first answer)',
    authorizer: 'jwt',
    request: schemas.createTransactionSchema,
    bodyName: 'CreateTransactionRequest',
    responses: { 201: { description: 'Recorded', schema: 'TransactionCreated', headers: ['Location'] } },
    problems: [400, 404, 409, 413, 415, 422, 429, 503],
    // Home-region failover (docs/transactions.md, "Regions"): e.g. us-east-1:us-west-2. Empty normally.
    environment: { HOME_REGION_FAILOVER: '${param:homeRegionFailover}' },
    // Reads (account, idempotency record) and the TransactWriteItems parts: Update of the account,
    // Put of the transaction and of the idempotency record, in the account's home region.
    iam: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: homeTables,
      },
    ],
  },
  getTransaction: {
    method: 'get',
    path: '/transactions/{transactionId}',
    handler: 'get-transaction',
    summary: 'One transaction of the caller',
    authorizer: 'jwt',
    request: schemas.transactionPathSchema,
    responses: { 200: { description: 'The transaction', schema: 'Transaction' } },
    problems: [400, 404, 429],
    iam: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: localTable }],
  },
  listTransactions: {
    method: 'get',
    path: '/accounts/{accountId}/transactions',
    handler: 'list-transactions',
    summary: 'Transactions of an account, newest first, with signed cursors',
    authorizer: 'jwt',
    request: schemas.listTransactionsSchema,
    responses: { 200: { description: 'One page', schema: 'TransactionPage' } },
    problems: [400, 404, 429],
    environment: { CURSOR_KEY_SECRET_NAME: '${self:custom.transactions.cursorSecretName}' },
    iam: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: localTable },
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        // `??????`: the random 6-character suffix Secrets Manager appends to a secret's ARN (exactly
        // six characters, AWS's recommended form; not a wildcard over secrets).
        Resource: {
          'Fn::Sub':
            'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${self:custom.transactions.cursorSecretName}-??????',
        },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: '${param:secretsKmsKeyArn}',
        Condition: {
          StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'secretsmanager.${AWS::Region}.amazonaws.com' } },
        },
      },
    ],
  },
});
