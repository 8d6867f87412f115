/**
 * OpenAPI component schemas that are not request schemas of a route manifest: the responses
 * (validated in tests only, never bundled) and the shapes only the document needs.
 */
import { moneySchema } from '../../services/transactions/src/domain/money';
import * as profileSchemas from '../../services/profiles/src/schemas';

type Schema = Record<string, unknown>;

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

/** Response schemas taken from the services' schemas modules. */
export const serviceResponseSchemas: Record<string, Schema> = {
  Money: moneySchema as unknown as Schema,
  Profile: profileSchemas.responses.profile,
  Session: profileSchemas.responses.session,
  SessionList: profileSchemas.responses.sessionList,
};
