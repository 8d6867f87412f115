import type { IdempotencyRecord } from '../domain/idempotency';
import type { Account, Transaction } from '../domain/ledger';

/**
 * Item layout of the transactions table (docs/transactions.md, "Keys"). One partition per account:
 *
 * | item        | pk                 | sk                        | notes                              |
 * |-------------|--------------------|---------------------------|------------------------------------|
 * | account     | ACCOUNT#<accountId>| META                      | balance, version, homeRegion       |
 * | transaction | ACCOUNT#<accountId>| TX#<sequence, 12 digits>  | immutable; newest first = sk desc  |
 * | idempotency | ACCOUNT#<accountId>| IDEM#<sha256(sub, key)>   | response to replay; TTL expiresAt  |
 */
export const accountPk = (accountId: string) => `ACCOUNT#${accountId}`;
export const ACCOUNT_SK = 'META';
export const TX_PREFIX = 'TX#';
export const transactionSk = (sequence: number) => `${TX_PREFIX}${String(sequence).padStart(12, '0')}`;
export const idempotencySk = (scope: string) => `IDEM#${scope}`;

export type Item = Record<string, unknown>;

export function accountItem(account: Account): Item {
  return { pk: accountPk(account.accountId), sk: ACCOUNT_SK, entity: 'account', ...account };
}

export function toAccount(item: Item): Account {
  return {
    accountId: item.accountId as string,
    ownerSub: item.ownerSub as string,
    currency: item.currency as Account['currency'],
    balance: item.balance as number,
    homeRegion: item.homeRegion as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

export function transactionItem(transaction: Transaction): Item {
  return {
    pk: accountPk(transaction.accountId),
    sk: transactionSk(transaction.sequence),
    entity: 'transaction',
    ...transaction,
  };
}

export function toTransaction(item: Item): Transaction {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as Transaction;
}

export function idempotencyItem(accountId: string, record: IdempotencyRecord): Item {
  return { pk: accountPk(accountId), sk: idempotencySk(record.scope), entity: 'idempotency', ...record };
}

export function toIdempotencyRecord(item: Item): IdempotencyRecord {
  return {
    scope: item.scope as string,
    fingerprint: item.fingerprint as string,
    response: item.response as IdempotencyRecord['response'],
    createdAt: item.createdAt as string,
    expiresAt: item.expiresAt as number,
  };
}
