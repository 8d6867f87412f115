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
      value: {
        type: 'integer',
        description:
          'Minor units (cents for USD); signed (system accounts, entries and overdrafts go below 0).',
      },
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
    required: [
      'accountId',
      'currency',
      'status',
      'balances',
      'homeRegion',
      'createdAt',
      'updatedAt',
      'version',
    ],
    properties: {
      accountId: { type: 'string', pattern: '^acc_[a-z2-7]{20}$' },
      system: {
        enum: ['settlement', 'fees', 'suspense', 'transit'],
        description: 'Back office only: a system shard.',
      },
      currency: { type: 'string' },
      status: { enum: ['open', 'closed'] },
      balances: {
        type: 'object',
        required: ['posted', 'pending', 'available'],
        properties: {
          posted: { $ref: '#/components/schemas/Balance' },
          pending: {
            $ref: '#/components/schemas/Balance',
            description: 'Reserved by holds out of the account.',
          },
          available: { $ref: '#/components/schemas/Balance', description: 'posted − pending.' },
          overdraftLimit: { $ref: '#/components/schemas/Balance' },
        },
      },
      homeRegion: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      version: { type: 'integer' },
    },
  },
  Transfer: {
    type: 'object',
    required: [
      'transferId',
      'kind',
      'from',
      'to',
      'amount',
      'postedAmount',
      'status',
      'createdAt',
      'updatedAt',
    ],
    properties: {
      transferId: { type: 'string', pattern: '^tr_[a-z2-7]{26}$' },
      kind: { enum: ['p2p', 'deposit', 'withdrawal', 'fee', 'adjustment', 'reversal'] },
      from: { type: 'string', description: 'acc_… or system:<kind>' },
      to: { type: 'string', description: 'acc_… or system:<kind>' },
      amount: { $ref: '#/components/schemas/Money' },
      postedAmount: { $ref: '#/components/schemas/Money' },
      status: { enum: ['pending', 'posted', 'voided', 'expired'] },
      timeoutAt: { type: 'string', format: 'date-time', description: 'Pending holds only.' },
      description: { type: 'string' },
      reference: { type: 'string', description: 'Not shown to the credit side.' },
      reversalOf: { type: 'string' },
      reversedBy: { type: 'string' },
      route: {
        type: 'object',
        description: 'Cross-region transfers: the two home regions.',
        properties: { sourceRegion: { type: 'string' }, destinationRegion: { type: 'string' } },
      },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      createdBy: { type: 'string', description: 'Not shown to the credit side.' },
    },
  },
  TransferCreated: {
    type: 'object',
    required: ['transfer'],
    properties: { transfer: { $ref: '#/components/schemas/Transfer' } },
  },
  Entry: {
    type: 'object',
    required: ['sequence', 'transferId', 'kind', 'amount', 'balanceAfter', 'counterparty', 'at'],
    properties: {
      sequence: { type: 'integer', minimum: 1 },
      transferId: { type: 'string' },
      kind: { type: 'string' },
      amount: { $ref: '#/components/schemas/Balance', description: 'Signed: negative = money out.' },
      balanceAfter: { $ref: '#/components/schemas/Balance' },
      counterparty: { type: 'string' },
      description: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
    },
  },
  AccountPage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Account' } },
      nextCursor: { type: ['string', 'null'], description: 'null on the last page.' },
    },
  },
  EntryPage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Entry' } },
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
  ConsentRecorded: profileSchemas.responses.consentRecorded,
  ConsentList: profileSchemas.responses.consentList,
  Erasure: profileSchemas.responses.erasure,
  ExportAccepted: profileSchemas.responses.exportAccepted,
  ExportStatus: profileSchemas.responses.exportStatus,
};
