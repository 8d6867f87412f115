/**
 * Every route of the transactions service, declared once: `npm run generate` writes the functions
 * block of serverless.yml, the precompiled validators and the OpenAPI operations from it.
 */
import type { RouteEntry } from '@ledgerline/shared/http/route-manifest';
import { defineRoutes, healthRoute } from '@ledgerline/shared/http/route-manifest';
import * as schemas from './schemas';

/** Reads go to the table in this region. */
const localTable = '${self:custom.transactions.localTableArn}';
/** Writes go to the account's home region: the table in every API region, named explicitly. */
const homeTables = '${self:custom.transactions.homeTableArns}';

/**
 * What every route that moves money (or changes an account) shares: the JWT authorizer, the failover
 * mapping, the problems it may answer, and reads plus the TransactWriteItems Puts in the accounts'
 * home regions.
 */
const homeWriter = {
  authorizer: 'jwt',
  problems: [400, 403, 404, 409, 413, 415, 422, 429, 503],
  environment: { HOME_REGION_FAILOVER: '${param:homeRegionFailover}' },
  iam: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: homeTables }],
} satisfies Pick<RouteEntry, 'authorizer' | 'problems' | 'environment' | 'iam'>;

/**
 * Sealing and opening the ledger's personal fields under per-person data keys (adapters/
 * sealed-fields.ts): the person-keys table of this region, and the person-keys CMK with the
 * encryption context every wrapped key carries. `write` also creates a person's first key.
 */
function personalFields(access: 'read' | 'write'): {
  environment: Record<string, string>;
  iam: NonNullable<RouteEntry['iam']>;
} {
  const write = access === 'write';
  return {
    environment: { PERSON_KEYS_KMS_KEY_ARN: '${param:personKeysKmsKeyArn}' },
    iam: [
      {
        Effect: 'Allow',
        Action: write ? ['dynamodb:Query', 'dynamodb:PutItem'] : ['dynamodb:Query'],
        Resource: {
          'Fn::Sub':
            'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/ledgerline-person-keys-${sls:stage}',
        },
      },
      {
        Effect: 'Allow',
        Action: write ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        Resource: '${param:personKeysKmsKeyArn}',
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'ledgerline-person-key' } },
      },
    ],
  };
}

/** A person's accounts: the owner index (KEYS_ONLY) of this region, then the account items. */
const ownerIndexReads: NonNullable<RouteEntry['iam']> = [
  {
    Effect: 'Allow',
    Action: ['dynamodb:Query'],
    Resource: {
      'Fn::Sub':
        'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${self:custom.transactions.table}/index/gsi3',
    },
  },
  { Effect: 'Allow', Action: ['dynamodb:BatchGetItem'], Resource: localTable },
];

/** The TTL of the person's data keys (AML retention, use-cases/accounts.ts): read and updated in place. */
const keyRetention: NonNullable<RouteEntry['iam']> = [
  {
    Effect: 'Allow',
    Action: ['dynamodb:Query', 'dynamodb:UpdateItem'],
    Resource: {
      'Fn::Sub':
        'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/ledgerline-person-keys-${sls:stage}',
    },
  },
];

/** A route that moves money: a home writer that also seals the transfer's personal fields. */
const moneyMover: Pick<RouteEntry, 'authorizer' | 'problems' | 'environment' | 'iam'> = {
  ...homeWriter,
  environment: { ...homeWriter.environment, ...personalFields('write').environment },
  iam: [...homeWriter.iam, ...personalFields('write').iam],
};

/** Reading the cursor-signing key: the secret (by name) and its KMS key through Secrets Manager only. */
const cursorSecretAccess: NonNullable<RouteEntry['iam']> = [
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
];

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
    iam: [{ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: localTable }, ...keyRetention],
  },
  listAccounts: {
    method: 'get',
    path: '/accounts',
    handler: 'list-accounts',
    summary:
      "The caller's accounts (back office: ?owner=<sub>), newest first, with balances and signed cursors",
    authorizer: 'jwt',
    request: schemas.listAccountsSchema,
    responses: { 200: { description: 'One page', schema: 'AccountPage' } },
    problems: [400, 403, 429],
    environment: { CURSOR_KEY_SECRET_NAME: '${self:custom.transactions.cursorSecretName}' },
    iam: [
      // The owner index only (KEYS_ONLY), then the account items for their current balances.
      ...ownerIndexReads,
      ...cursorSecretAccess,
    ],
  },
  getAccount: {
    method: 'get',
    path: '/accounts/{accountId}',
    handler: 'get-account',
    summary: 'One account with posted, pending and available balances (404 when missing or not yours)',
    authorizer: 'jwt',
    request: { path: schemas.accountPathSchema },
    responses: { 200: { description: 'The account', schema: 'Account' } },
    problems: [400, 404, 429],
    iam: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: localTable }],
  },
  createTransfer: {
    method: 'post',
    path: '/transfers',
    handler: 'create-transfer',
    summary:
      'Move money between two accounts of one currency, exactly once per Idempotency-Key (201 posted or held, 202 cross-region pending)',
    request: schemas.createTransferSchema,
    bodyName: 'CreateTransferRequest',
    responses: {
      201: { description: 'Posted, or held (a hold)', schema: 'TransferCreated', headers: ['Location'] },
      202: {
        description: 'Cross-region: pending until delivered',
        schema: 'TransferCreated',
        headers: ['Location'],
      },
    },
    ...moneyMover,
  },
  getTransfer: {
    method: 'get',
    path: '/transfers/{transferId}',
    handler: 'get-transfer',
    summary: 'One transfer, to either side (the credit side sees no audit) or back office',
    authorizer: 'jwt',
    request: schemas.getTransferSchema,
    responses: { 200: { description: 'The transfer', schema: 'Transfer' } },
    problems: [400, 403, 404, 429],
    environment: personalFields('read').environment,
    iam: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: localTable },
      ...personalFields('read').iam,
    ],
  },
  postTransfer: {
    method: 'post',
    path: '/transfers/{transferId}/post',
    handler: 'post-transfer',
    summary:
      'Post a pending hold in full or in part, the rest released (service tokens of its kind, ledger:admin)',
    request: schemas.postTransferSchema,
    bodyName: 'PostTransferRequest',
    responses: { 200: { description: 'Posted', schema: 'TransferCreated', headers: ['Location'] } },
    ...moneyMover,
  },
  voidTransfer: {
    method: 'post',
    path: '/transfers/{transferId}/void',
    handler: 'void-transfer',
    summary: 'Void a pending hold: the reservation is released (service tokens of its kind, ledger:admin)',
    request: schemas.voidTransferSchema,
    bodyName: 'VoidTransferRequest',
    responses: { 200: { description: 'Voided', schema: 'TransferCreated', headers: ['Location'] } },
    ...moneyMover,
  },
  reverseTransfer: {
    method: 'post',
    path: '/transfers/{transferId}/reverse',
    handler: 'reverse-transfer',
    summary: 'Reverse a posted transfer with a new, linked transfer, at most once (ledger:admin)',
    request: schemas.reverseTransferSchema,
    bodyName: 'ReverseTransferRequest',
    responses: { 201: { description: 'The reversal', schema: 'TransferCreated', headers: ['Location'] } },
    ...moneyMover,
  },
  closeAccount: {
    method: 'post',
    path: '/accounts/{accountId}/close',
    handler: 'close-account',
    summary: 'Close an empty account of the caller (zero balance, nothing pending)',
    authorizer: 'jwt',
    request: schemas.closeAccountSchema,
    responses: { 200: { description: 'The closed account', schema: 'Account' } },
    problems: [400, 403, 404, 409, 422, 429, 503],
    environment: { HOME_REGION_FAILOVER: '${param:homeRegionFailover}' },
    iam: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: homeTables,
      },
      // Whether the owner holds another open account (owner index, then the accounts), and if
      // not, the retention of their sealed fields.
      ...ownerIndexReads,
      ...keyRetention,
    ],
  },
  setOverdraftLimit: {
    method: 'put',
    path: '/accounts/{accountId}/overdraft-limit',
    handler: 'set-overdraft-limit',
    summary: 'Set how far a customer account may go below zero (back office, ledger:admin)',
    request: schemas.setOverdraftLimitSchema,
    bodyName: 'OverdraftLimitRequest',
    responses: { 200: { description: 'The account with its new limit', schema: 'Account' } },
    ...homeWriter,
  },
  listEntries: {
    method: 'get',
    path: '/accounts/{accountId}/entries',
    handler: 'list-entries',
    summary: 'Statement lines of an account (optionally from/to), newest first, with signed cursors',
    authorizer: 'jwt',
    request: schemas.listEntriesSchema,
    responses: { 200: { description: 'One page', schema: 'EntryPage' } },
    problems: [400, 404, 429],
    environment: {
      CURSOR_KEY_SECRET_NAME: '${self:custom.transactions.cursorSecretName}',
      ...personalFields('read').environment,
    },
    iam: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: localTable },
      ...cursorSecretAccess,
      ...personalFields('read').iam,
    ],
  },
});
