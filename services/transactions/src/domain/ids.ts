import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const ACCOUNT_ID = /^acc_([a-z2-7]{20})$/;
const TRANSACTION_ID = /^txn_([a-z2-7]{20})_([1-9]\d{0,11})$/;

/** Largest sequence number of a transaction within one account (12 digits in the sort key). */
export const MAX_SEQUENCE = 999_999_999_999;

function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE32[byte & 31];
  return out;
}

/**
 * A new account id: `acc_` + 20 random base32 characters (100 bits).
 *
 * @example
 * newAccountId(); // 'acc_k3v7q2m5x9a4b6c8d2ef'
 */
export function newAccountId(): string {
  return `acc_${randomBase32(20)}`;
}

/** True for a syntactically valid account id (anything else cannot exist: 404). */
export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/**
 * The id of the `sequence`-th transaction of an account. It embeds the account and the sequence so
 * `GET /transactions/{id}` is one GetItem (pk ACCOUNT#<account>, sk TX#<sequence>).
 *
 * @example
 * transactionId('acc_aaaaaaaaaaaaaaaaaaaa', 7); // 'txn_aaaaaaaaaaaaaaaaaaaa_7'
 */
export function transactionId(accountId: string, sequence: number): string {
  const match = ACCOUNT_ID.exec(accountId);
  if (!match) throw new Error(`not an account id: ${accountId}`);
  return `txn_${match[1]}_${sequence}`;
}

/**
 * Splits a transaction id into its account id and sequence, or undefined when malformed.
 *
 * @example
 * parseTransactionId('txn_aaaaaaaaaaaaaaaaaaaa_7'); // { accountId: 'acc_aaaaaaaaaaaaaaaaaaaa', sequence: 7 }
 */
export function parseTransactionId(id: string): { accountId: string; sequence: number } | undefined {
  const match = TRANSACTION_ID.exec(id);
  if (!match) return undefined;
  return { accountId: `acc_${match[1]}`, sequence: Number(match[2]) };
}
