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

const idempotencyHeaders = {
  type: 'object',
  required: ['idempotency-key'],
  properties: { 'idempotency-key': { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN } },
} as const;

/** A customer account id, or a system account by kind (the ledger picks the shard). */
const party = {
  type: 'string',
  pattern: '^(?:acc_[a-z2-7]{20}|system:(?:settlement|fees|suspense))$',
} as const;

export const createTransferSchema = {
  headers: idempotencyHeaders,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['from', 'to', 'amount'],
    properties: {
      from: party,
      to: party,
      amount: moneySchema,
      // A hold (two-phase transfer): reserved now, posted or voided later, released at the timeout.
      hold: {
        type: 'object',
        additionalProperties: false,
        required: ['timeoutSeconds'],
        properties: { timeoutSeconds: { type: 'integer', minimum: 60, maximum: 30 * 24 * 3600 } },
      },
      description: text(280),
      reference: text(64),
    },
  },
} as const;

export const transferPathSchema = {
  type: 'object',
  required: ['transferId'],
  properties: { transferId: { type: 'string', maxLength: 64 } },
} as const;

export const getTransferSchema = { path: transferPathSchema } as const;

export const postTransferSchema = {
  path: transferPathSchema,
  headers: idempotencyHeaders,
  body: {
    type: 'object',
    additionalProperties: false,
    properties: { amount: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
  },
} as const;

export const voidTransferSchema = {
  path: transferPathSchema,
  headers: idempotencyHeaders,
  body: { type: 'object', additionalProperties: false, properties: {} },
} as const;

export const reverseTransferSchema = {
  path: transferPathSchema,
  headers: idempotencyHeaders,
  body: { type: 'object', additionalProperties: false, properties: { description: text(280) } },
} as const;

export const closeAccountSchema = { path: accountPathSchema } as const;

/** Back office: how far a customer account may go below zero (0 = not at all). */
export const setOverdraftLimitSchema = {
  path: accountPathSchema,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['limit'],
    properties: {
      limit: {
        type: 'object',
        additionalProperties: false,
        required: ['value', 'currency'],
        properties: {
          value: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
          currency: moneySchema.properties.currency,
        },
      },
    },
  },
} as const;

/** ISO 8601 UTC instant as the ledger writes it (millisecond precision). */
const instant = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3})?Z$',
} as const;

export const listEntriesSchema = {
  path: accountPathSchema,
  query: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'string', pattern: '^(?:[1-9]\\d?|100)$' },
      cursor: { type: 'string', minLength: 1, maxLength: 2048 },
      from: instant,
      to: instant,
    },
  },
} as const;

export const listAccountsSchema = {
  query: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'string', pattern: '^(?:[1-9]\\d?|100)$' },
      cursor: { type: 'string', minLength: 1, maxLength: 2048 },
      /** Back office only: whose accounts (a Cognito sub). */
      owner: { type: 'string', pattern: '^[A-Za-z0-9_.:@-]{1,128}$' },
    },
  },
} as const;

/** Default page size of GET /accounts/{accountId}/entries and GET /accounts. */
export const DEFAULT_PAGE_SIZE = 25;

/** Largest request body of this service (413 above): a transfer body is well under 1 KiB. */
export const MAX_BODY_BYTES = 4096;
