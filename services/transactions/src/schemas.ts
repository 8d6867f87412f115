import { IDEMPOTENCY_KEY_PATTERN } from './domain/idempotency';
import { CURRENCY_CODES, moneySchema } from './domain/money';

/** Free text: bounded, no control characters. */
const text = (maxLength: number) =>
  ({ type: 'string', minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001F\\u007F]*$' }) as const;

export const createAccountSchema = {
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['currency'],
    properties: { currency: { type: 'string', enum: CURRENCY_CODES } },
  },
} as const;

export const accountPathSchema = {
  type: 'object',
  required: ['accountId'],
  properties: { accountId: { type: 'string', maxLength: 64 } },
} as const;

export const createTransactionSchema = {
  path: accountPathSchema,
  headers: {
    type: 'object',
    required: ['idempotency-key'],
    properties: { 'idempotency-key': { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN } },
  },
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'amount'],
    properties: {
      type: { type: 'string', enum: ['credit', 'debit'] },
      amount: moneySchema,
      description: text(280),
      reference: text(64),
      counterparty: text(140),
    },
  },
} as const;

export const transactionPathSchema = {
  path: {
    type: 'object',
    required: ['transactionId'],
    properties: { transactionId: { type: 'string', maxLength: 64 } },
  },
} as const;

export const listTransactionsSchema = {
  path: accountPathSchema,
  query: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'string', pattern: '^(?:[1-9]\\d?|100)$' },
      cursor: { type: 'string', minLength: 1, maxLength: 2048 },
    },
  },
} as const;

/** Default page size of GET /accounts/{accountId}/transactions. */
export const DEFAULT_PAGE_SIZE = 25;

/** Largest request body of this service (413 above): a transaction body is well under 1 KiB. */
export const MAX_BODY_BYTES = 4096;
