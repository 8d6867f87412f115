/**
 * The route table of the OpenAPI description: which function serves which method and
 * path, with which request schemas (imported from the services' own `src/schemas.ts`, the modules
 * the validators compile: one source), which success responses and which problem responses.
 * tests/delivery/openapi.test.ts checks this table against every `http` event of every
 * serverless.yml, so a new route without an entry here fails CI.
 */
import type { ServiceName } from '../lib/services';
import * as authSchemas from '../../services/auth/src/schemas';
import * as profileSchemas from '../../services/profiles/src/schemas';
import { moneySchema } from '../../services/transactions/src/domain/money';
import * as txSchemas from '../../services/transactions/src/schemas';

export type Service = ServiceName;
/** `jwt`: the auth service's Lambda authorizer; `cognito`: API Gateway's Cognito authorizer. */
export type Security = 'none' | 'jwt' | 'cognito';
type Schema = Record<string, unknown>;

export interface RequestSchemas {
  body?: Schema;
  path?: Schema;
  query?: Schema;
  headers?: Schema;
}

export interface Route {
  service: Service;
  /** Function name in serverless.yml (the operationId is `<service>_<function>`). */
  fn: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As in serverless.yml, with a leading slash. */
  path: string;
  summary: string;
  security: Security;
  request?: RequestSchemas;
  /** Name of the request body schema under components.schemas. */
  bodyName?: string;
  /** Extra body media types besides application/json. */
  bodyMediaTypes?: string[];
  /** Extra request headers the handler requires but does not validate by schema. */
  headers?: Array<{ name: string; required: boolean; description: string; schema: Schema }>;
  /** Success status -> description, response schema (name in components.schemas) and headers. */
  responses: Record<number, { description: string; schema?: string; mediaType?: string; headers?: string[] }>;
  /** Problem statuses this route may answer (besides 500 and, behind an authorizer, 401/403). */
  problems: number[];
}

/** Response schemas that are not in a service's schemas module (not validated at run time). */
export const extraSchemas: Record<string, Schema> = {
  Balance: {
    type: 'object',
    required: ['value', 'currency'],
    properties: {
      value: { type: 'integer', minimum: 0, description: 'Minor units (cents for USD).' },
      currency: { type: 'string' },
    },
  },
  HealthReport: {
    type: 'object',
    required: ['status', 'service', 'version', 'region', 'stage', 'checks'],
    properties: {
      status: { enum: ['pass', 'fail'] },
      service: { type: 'string' },
      version: { type: 'string' },
      region: { type: 'string' },
      stage: { type: 'string' },
      checks: {
        type: 'object',
        properties: {
          table: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              status: { enum: ['pass', 'fail'] },
              latencyMs: { type: 'number' },
            },
          },
        },
      },
    },
  },
  SignUpResult: {
    type: 'object',
    required: ['userId', 'confirmed'],
    properties: {
      userId: { type: 'string' },
      confirmed: { type: 'boolean' },
      codeDeliveredTo: { type: 'string', description: 'Masked destination of the confirmation code.' },
    },
  },
  TotpSetup: {
    type: 'object',
    required: ['secretCode', 'otpauthUri'],
    properties: {
      secretCode: { type: 'string', description: 'The authenticator secret (base32). A secret: shown once.' },
      otpauthUri: {
        type: 'string',
        description: 'otpauth://totp/Ledgerline:<sub>?secret=<secretCode>&issuer=Ledgerline, for a QR code.',
      },
    },
  },
  LoginProblem: {
    description:
      'A refused login (403 forbidden: email not confirmed, password reset required, or MFA). For a TOTP ' +
      'user the problem carries the challenge: send `session` and the current code to POST /auth/login/mfa.',
    allOf: [
      { $ref: '#/components/schemas/Problem' },
      {
        type: 'object',
        properties: {
          challenge: { const: 'SOFTWARE_TOKEN_MFA', description: 'Only when the login needs a TOTP code.' },
          session: { type: 'string', description: "Cognito's challenge session (opaque)." },
          sessionExpiresIn: { type: 'integer', description: 'Seconds the session stays valid (180).' },
        },
      },
    ],
  },
  Tokens: {
    type: 'object',
    required: ['accessToken', 'idToken', 'expiresIn', 'tokenType'],
    properties: {
      accessToken: { type: 'string' },
      idToken: { type: 'string' },
      refreshToken: { type: 'string', description: 'Login only; refresh keeps the existing one.' },
      expiresIn: { type: 'integer', description: 'Seconds until the access token expires.' },
      tokenType: { const: 'Bearer' },
    },
  },
  Account: {
    type: 'object',
    required: ['accountId', 'currency', 'balance', 'homeRegion', 'createdAt'],
    properties: {
      accountId: { type: 'string', pattern: '^acc_[a-z2-7]{20}$' },
      currency: { type: 'string' },
      balance: { $ref: '#/components/schemas/Balance' },
      homeRegion: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  Transaction: {
    type: 'object',
    required: ['transactionId', 'accountId', 'type', 'amount', 'createdAt'],
    properties: {
      transactionId: { type: 'string', pattern: '^txn_[a-z2-7]{20}_[1-9][0-9]{0,11}$' },
      accountId: { type: 'string' },
      type: { enum: ['credit', 'debit'] },
      amount: { $ref: '#/components/schemas/Money' },
      description: { type: 'string' },
      reference: { type: 'string' },
      counterparty: { type: 'string' },
      balanceBefore: { $ref: '#/components/schemas/Balance' },
      balanceAfter: { $ref: '#/components/schemas/Balance' },
      createdAt: { type: 'string', format: 'date-time' },
      createdBy: { type: 'string' },
    },
  },
  TransactionCreated: {
    type: 'object',
    required: ['transaction', 'balance'],
    properties: {
      transaction: { $ref: '#/components/schemas/Transaction' },
      balance: { $ref: '#/components/schemas/Balance' },
    },
  },
  TransactionPage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Transaction' } },
      nextCursor: { type: ['string', 'null'], description: 'null on the last page.' },
    },
  },
};

const tx = txSchemas;
const health = (service: Service): Route => ({
  service,
  fn: 'health',
  method: 'get',
  path: `/${service}/health`,
  summary: `Health of the ${service} service in this region (Route 53 health checks fail over on 503)`,
  security: 'none',
  responses: {
    200: { description: 'pass', schema: 'HealthReport', mediaType: 'application/health+json' },
    503: {
      description: 'fail: the table did not answer',
      schema: 'HealthReport',
      mediaType: 'application/health+json',
    },
  },
  problems: [],
});

export const routes: Route[] = [
  health('auth'),
  {
    service: 'auth',
    fn: 'signup',
    method: 'post',
    path: '/auth/signup',
    summary: 'Create an unconfirmed account (a confirmation code is emailed)',
    security: 'none',
    request: { body: authSchemas.signUpSchema },
    bodyName: 'SignUpRequest',
    responses: { 201: { description: 'Created', schema: 'SignUpResult', headers: ['Location'] } },
    problems: [400, 409, 413, 415, 429],
  },
  {
    service: 'auth',
    fn: 'confirm',
    method: 'post',
    path: '/auth/confirm',
    summary: 'Confirm the email address with the emailed code',
    security: 'none',
    request: { body: authSchemas.confirmSchema },
    bodyName: 'ConfirmRequest',
    responses: { 204: { description: 'Confirmed' } },
    problems: [400, 413, 415, 429],
  },
  {
    service: 'auth',
    fn: 'login',
    method: 'post',
    path: '/auth/login',
    summary: 'Email and password to tokens',
    security: 'none',
    request: { body: authSchemas.logInSchema },
    bodyName: 'LogInRequest',
    responses: {
      200: { description: 'Tokens', schema: 'Tokens' },
      403: {
        description: 'Refused; with `challenge: SOFTWARE_TOKEN_MFA` and `session` when a TOTP code is needed',
        schema: 'LoginProblem',
        mediaType: 'application/problem+json',
      },
    },
    problems: [400, 401, 403, 413, 415, 429],
  },
  {
    service: 'auth',
    fn: 'loginMfa',
    method: 'post',
    path: '/auth/login/mfa',
    summary: "Second login step for TOTP users: the 403's session and the authenticator's code to tokens",
    security: 'none',
    request: { body: authSchemas.logInMfaSchema },
    bodyName: 'LogInMfaRequest',
    responses: { 200: { description: 'Tokens (as /auth/login)', schema: 'Tokens' } },
    problems: [400, 401, 413, 415, 429],
  },
  {
    service: 'auth',
    fn: 'refresh',
    method: 'post',
    path: '/auth/refresh',
    summary: 'Refresh token to new access and id tokens',
    security: 'none',
    request: { body: authSchemas.refreshSchema },
    bodyName: 'RefreshRequest',
    responses: { 200: { description: 'New access and id tokens', schema: 'Tokens' } },
    problems: [400, 401, 413, 415, 429],
  },
  {
    service: 'auth',
    fn: 'logout',
    method: 'post',
    path: '/auth/logout',
    summary: 'Revoke the refresh token and sign out everywhere',
    security: 'jwt',
    request: { body: authSchemas.logOutSchema },
    bodyName: 'LogOutRequest',
    responses: { 204: { description: 'Signed out' } },
    problems: [400, 413, 415, 429],
  },
  {
    service: 'auth',
    fn: 'setupTotp',
    method: 'post',
    path: '/auth/mfa/totp',
    summary:
      'Start authenticator-app (TOTP) setup: a new secret and its otpauth URI (Cache-Control: no-store)',
    security: 'jwt',
    responses: { 200: { description: 'The secret', schema: 'TotpSetup' } },
    problems: [429],
  },
  {
    service: 'auth',
    fn: 'verifyTotp',
    method: 'post',
    path: '/auth/mfa/totp/verify',
    summary: 'Check a code of the new authenticator and turn TOTP MFA on (409 without a setup first)',
    security: 'jwt',
    request: { body: authSchemas.verifyTotpSchema },
    bodyName: 'VerifyTotpRequest',
    responses: { 204: { description: 'TOTP MFA is on: logins now need a code' } },
    problems: [400, 409, 413, 415, 429],
  },
  health('transactions'),
  {
    service: 'transactions',
    fn: 'createAccount',
    method: 'post',
    path: '/accounts',
    summary: 'Open an account homed in this region (user access tokens only)',
    security: 'jwt',
    request: tx.createAccountSchema,
    bodyName: 'CreateAccountRequest',
    responses: { 201: { description: 'The new account', schema: 'Account', headers: ['Location'] } },
    problems: [400, 413, 415, 429],
  },
  {
    service: 'transactions',
    fn: 'getAccount',
    method: 'get',
    path: '/accounts/{accountId}',
    summary: 'One account of the caller (404 when missing or not yours)',
    security: 'jwt',
    request: { path: tx.accountPathSchema },
    responses: { 200: { description: 'The account', schema: 'Account' } },
    problems: [400, 404, 429],
  },
  {
    service: 'transactions',
    fn: 'createTransaction',
    method: 'post',
    path: '/accounts/{accountId}/transactions',
    summary: 'Credit or debit, exactly once per Idempotency-Key (a retry replays the first answer)',
    security: 'jwt',
    request: tx.createTransactionSchema,
    bodyName: 'CreateTransactionRequest',
    responses: { 201: { description: 'Recorded', schema: 'TransactionCreated', headers: ['Location'] } },
    problems: [400, 404, 409, 413, 415, 422, 429, 503],
  },
  {
    service: 'transactions',
    fn: 'getTransaction',
    method: 'get',
    path: '/transactions/{transactionId}',
    summary: 'One transaction of the caller',
    security: 'jwt',
    request: tx.transactionPathSchema,
    responses: { 200: { description: 'The transaction', schema: 'Transaction' } },
    problems: [400, 404, 429],
  },
  {
    service: 'transactions',
    fn: 'listTransactions',
    method: 'get',
    path: '/accounts/{accountId}/transactions',
    summary: 'Transactions of an account, newest first, with signed cursors',
    security: 'jwt',
    request: tx.listTransactionsSchema,
    responses: { 200: { description: 'One page', schema: 'TransactionPage' } },
    problems: [400, 404, 429],
  },
  health('profiles'),
  {
    service: 'profiles',
    fn: 'createProfile',
    method: 'post',
    path: '/profiles',
    summary: "Create the caller's profile",
    security: 'cognito',
    request: { body: profileSchemas.createProfileSchema },
    bodyName: 'CreateProfileRequest',
    responses: { 201: { description: 'Created', schema: 'Profile', headers: ['Location', 'ETag'] } },
    problems: [400, 409, 413, 415, 429],
  },
  {
    service: 'profiles',
    fn: 'getProfile',
    method: 'get',
    path: '/profiles/me',
    summary: "The caller's profile with its ETag",
    security: 'cognito',
    responses: { 200: { description: 'The profile', schema: 'Profile', headers: ['ETag'] } },
    problems: [404, 429],
  },
  {
    service: 'profiles',
    fn: 'updateProfile',
    method: 'patch',
    path: '/profiles/me',
    summary: 'JSON Merge Patch (RFC 7396) under If-Match (optimistic locking)',
    security: 'cognito',
    request: { body: profileSchemas.updateProfileSchema },
    bodyName: 'UpdateProfileRequest',
    bodyMediaTypes: ['application/merge-patch+json'],
    headers: [
      {
        name: 'If-Match',
        required: true,
        description:
          'The ETag of the profile as read (or `*`); 428 without it, 412 when stale; with `*` a lost race is re-applied (409 + Retry-After after 8 lost races).',
        schema: { type: 'string' },
      },
    ],
    responses: { 200: { description: 'The updated profile', schema: 'Profile', headers: ['ETag'] } },
    problems: [400, 404, 409, 412, 413, 415, 428, 429],
  },
  {
    service: 'profiles',
    fn: 'deleteProfile',
    method: 'delete',
    path: '/profiles/me',
    summary: 'Delete the profile and all its sessions',
    security: 'cognito',
    responses: { 204: { description: 'Deleted' } },
    problems: [404, 429],
  },
  {
    service: 'profiles',
    fn: 'putSession',
    method: 'put',
    path: '/profiles/me/sessions/{deviceId}',
    summary: 'Record a device session (30-day TTL)',
    security: 'cognito',
    request: { path: profileSchemas.sessionPathSchema, body: profileSchemas.putSessionSchema },
    bodyName: 'PutSessionRequest',
    responses: {
      200: { description: 'Known device updated', schema: 'Session' },
      201: { description: 'New device', schema: 'Session', headers: ['Location'] },
    },
    problems: [400, 404, 413, 415, 429],
  },
  {
    service: 'profiles',
    fn: 'listSessions',
    method: 'get',
    path: '/profiles/me/sessions',
    summary: "The caller's live sessions, most recently seen first",
    security: 'cognito',
    responses: { 200: { description: 'Sessions', schema: 'SessionList' } },
    problems: [404, 429],
  },
  {
    service: 'profiles',
    fn: 'deleteSession',
    method: 'delete',
    path: '/profiles/me/sessions/{deviceId}',
    summary: 'Forget one device',
    security: 'cognito',
    request: { path: profileSchemas.sessionPathSchema },
    responses: { 204: { description: 'Deleted' } },
    problems: [400, 404, 429],
  },
];

/** Response schemas taken from the services' schemas modules. */
export const serviceResponseSchemas: Record<string, Schema> = {
  Money: moneySchema as unknown as Schema,
  Profile: profileSchemas.responses.profile,
  Session: profileSchemas.responses.session,
  SessionList: profileSchemas.responses.sessionList,
};
