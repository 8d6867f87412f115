import { createHash } from 'node:crypto';
import type { LedgerAccount } from '../domain/accounts';
import type { Delivery, Entry, Transfer } from '../domain/transfers';

/**
 * Item layout of the transactions table (docs/transactions.md, "Keys"):
 *
 * | item     | pk                   | sk                              | notes                                  |
 * |----------|----------------------|---------------------------------|----------------------------------------|
 * | account  | ACCOUNT#<accountId>  | META                            | balances, version (customer or shard)  |
 * | entry    | ACCOUNT#<accountId>  | ENTRY#<at ISO>#<sequence 12>    | immutable; newest first = sk desc      |
 * | transfer | TRANSFER#<transferId>| META                            | status, idempotency fingerprint+answer |
 * | delivery | TRANSFER#<transferId>| DELIVERY                        | cross-region leg in the destination    |
 *
 * Pending transfers carry `gsi1pk = PENDING#<homeRegion>#<bucket>`, `gsi1sk = <dueAt>#<id>` (a
 * sparse index: the keys are dropped when the transfer leaves `pending`), which the hold expirer and
 * the cross-region sweeper query. Every transfer carries `gsi2pk = CHANGED#<homeRegion>#<hour>#<bucket>`,
 * `gsi2sk = <updatedAt>#<id>`: the incremental reconciliation reads what changed since its last run.
 * 16 buckets per region (and hour) keep a 5,000 writes/s peak under the 1,000 WCU/s of an index
 * partition. Customer accounts carry `gsi3pk = OWNER#<sub>`, `gsi3sk = ACCOUNT#<createdAt>#<id>`
 * (system shards have no owner, so no keys): the owner index behind `GET /accounts` and the privacy
 * module. It projects keys only and its keys never change, so a balance update never writes it;
 * readers BatchGet the account items for current balances.
 */
export const accountPk = (accountId: string) => `ACCOUNT#${accountId}`;
export const ACCOUNT_SK = 'META';
export const ENTRY_PREFIX = 'ENTRY#';
export const entrySk = (entry: Pick<Entry, 'at' | 'sequence'>) =>
  `${ENTRY_PREFIX}${entry.at}#${String(entry.sequence).padStart(12, '0')}`;
export const ENTRY_SK_PATTERN = /^ENTRY#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#\d{12}$/;
export const transferPk = (transferId: string) => `TRANSFER#${transferId}`;
export const TRANSFER_SK = 'META';
export const DELIVERY_SK = 'DELIVERY';
export const PENDING_BUCKETS = 16;
export const pendingPk = (region: string, bucket: number) => `PENDING#${region}#${bucket}`;
export const CHANGED_BUCKETS = 16;
/** `2026-12-04T06` of an ISO time: the hour a change falls in. */
export const hourOf = (at: string) => at.slice(0, 13);
export const changedPk = (region: string, hour: string, bucket: number) =>
  `CHANGED#${region}#${hour}#${bucket}`;
export const ownerPk = (sub: string) => `OWNER#${sub}`;
export const OWNED_ACCOUNT_PREFIX = 'ACCOUNT#';
export const ownedAccountSk = (account: Pick<LedgerAccount, 'createdAt' | 'accountId'>) =>
  `${OWNED_ACCOUNT_PREFIX}${account.createdAt}#${account.accountId}`;
export const OWNED_ACCOUNT_SK_PATTERN =
  /^ACCOUNT#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#acc_[a-z2-7]{20}$/;
export const checkpointPk = (region: string) => `RECONCILIATION#${region}`;
export const CHECKPOINT_SK = 'META';

export type Item = Record<string, unknown>;

const strip = (item: Item): Item => {
  const {
    pk: _pk,
    sk: _sk,
    entity: _entity,
    gsi1pk: _g1,
    gsi1sk: _g2,
    gsi2pk: _g3,
    gsi2sk: _g4,
    gsi3pk: _g5,
    gsi3sk: _g6,
    ...rest
  } = item;
  return rest;
};

export function accountItem(account: LedgerAccount): Item {
  return {
    pk: accountPk(account.accountId),
    sk: ACCOUNT_SK,
    entity: 'account',
    ...account,
    ...(account.kind === 'customer' && {
      gsi3pk: ownerPk(account.ownerSub),
      gsi3sk: ownedAccountSk(account),
    }),
  };
}

export const toAccount = (item: Item): LedgerAccount => strip(item) as unknown as LedgerAccount;

export function entryItem(entry: Entry): Item {
  return { pk: accountPk(entry.accountId), sk: entrySk(entry), entity: 'entry', ...entry };
}

export const toEntry = (item: Item): Entry => strip(item) as unknown as Entry;

/** When a pending transfer needs attention: its hold timeout, or a cross-region delivery's deadline. */
export function dueAt(transfer: Transfer): string | undefined {
  if (transfer.status !== 'pending') return undefined;
  return transfer.timeoutAt ?? transfer.route?.deliveryDueAt;
}

export function pendingBucket(transferId: string): number {
  return createHash('sha256').update(transferId).digest()[0]! % PENDING_BUCKETS;
}

export function transferItem(transfer: Transfer): Item {
  const due = dueAt(transfer);
  return {
    pk: transferPk(transfer.transferId),
    sk: TRANSFER_SK,
    entity: 'transfer',
    ...transfer,
    ...(due !== undefined && {
      gsi1pk: pendingPk(transfer.homeRegion, pendingBucket(transfer.transferId)),
      gsi1sk: `${due}#${transfer.transferId}`,
    }),
    gsi2pk: changedPk(transfer.homeRegion, hourOf(transfer.updatedAt), pendingBucket(transfer.transferId)),
    gsi2sk: `${transfer.updatedAt}#${transfer.transferId}`,
  };
}

export const toTransfer = (item: Item): Transfer => strip(item) as unknown as Transfer;

export function deliveryItem(delivery: Delivery): Item {
  return { pk: transferPk(delivery.transferId), sk: DELIVERY_SK, entity: 'delivery', ...delivery };
}

export const toDelivery = (item: Item): Delivery => strip(item) as unknown as Delivery;
