import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { BatchGetCommandOutput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { LedgerAccount } from '../domain/accounts';
import type { Entry, EntryRef, LedgerChange, Transfer } from '../domain/transfers';
import type { CommitFailure, CommitResult, LedgerStore } from '../ports/ledger-store';
import type { PersonalDataCipher } from '@ledgerline/shared/privacy/person-keys';
import { documentClientFor } from './dynamodb-clients';
import { openEntry, openTransfer, sealEntry, sealTransfer, subjectOf } from './sealed-fields';
import {
  accountItem,
  accountPk,
  ACCOUNT_SK,
  CHANGED_BUCKETS,
  changedPk,
  CHECKPOINT_SK,
  checkpointPk,
  entrySk,
  hourOf,
  ownerPk,
  DELIVERY_SK,
  deliveryItem,
  ENTRY_PREFIX,
  entryItem,
  PENDING_BUCKETS,
  pendingPk,
  toAccount,
  toDelivery,
  toEntry,
  toTransfer,
  transferItem,
  transferPk,
  TRANSFER_SK,
} from './ledger-items';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What each item of a commit is, index-aligned with TransactItems, to read CancellationReasons. */
type ItemRole =
  | { role: 'account'; accountId: string }
  | { role: 'transfer'; isNew: boolean }
  | { role: 'entry' | 'delivery' };

/**
 * DynamoDB adapter of LedgerStore over the single transactions table (adapters/ledger-items.ts).
 * With a `cipher`, personal fields are sealed on write and opened on read (sealed-fields.ts);
 * without one they pass through sealed, as the scheduled and stream jobs need.
 */
export class DynamoDbLedgerStore implements LedgerStore {
  constructor(
    private readonly table: string,
    readonly localRegion: string,
    private readonly cipher?: PersonalDataCipher,
  ) {}

  private async opened(transfer: Transfer): Promise<Transfer> {
    return this.cipher ? openTransfer(this.cipher, transfer) : transfer;
  }

  private async openedEntries(entries: Entry[]): Promise<Entry[]> {
    const cipher = this.cipher;
    return cipher ? Promise.all(entries.map((entry) => openEntry(cipher, entry))) : entries;
  }

  /** The change as stored: personal fields sealed (a store without a cipher writes them as read). */
  private async sealed(change: LedgerChange): Promise<LedgerChange> {
    const cipher = this.cipher;
    if (!cipher) return change;
    const subjects = new Map(change.transfers.map(({ after }) => [after.transferId, subjectOf(after)]));
    return {
      ...change,
      transfers: await Promise.all(
        change.transfers.map(async ({ before, after }) => ({
          before,
          after: await sealTransfer(cipher, after),
        })),
      ),
      entries: await Promise.all(
        change.entries.map((entry) => {
          const subject = subjects.get(entry.transferId);
          if (entry.description !== undefined && subject === undefined) {
            throw new Error(`ledger store: entry of ${entry.transferId} has no transfer to seal it for`);
          }
          return sealEntry(cipher, entry, subject ?? '');
        }),
      ),
    };
  }

  async createAccount(account: LedgerAccount): Promise<void> {
    await documentClientFor(account.homeRegion).send(
      new PutCommand({
        TableName: this.table,
        Item: accountItem(account),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  private async get(pk: string, sk: string, region: string) {
    const { Item } = await documentClientFor(region).send(
      new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }),
    );
    return Item;
  }

  async getAccount(accountId: string, region = this.localRegion) {
    const item = await this.get(accountPk(accountId), ACCOUNT_SK, region);
    return item ? toAccount(item) : undefined;
  }

  async getTransfer(transferId: string, region = this.localRegion) {
    const item = await this.get(transferPk(transferId), TRANSFER_SK, region);
    return item ? this.opened(toTransfer(item)) : undefined;
  }

  async getDelivery(transferId: string, region: string) {
    const item = await this.get(transferPk(transferId), DELIVERY_SK, region);
    return item ? toDelivery(item) : undefined;
  }

  async commit(plain: LedgerChange, region: string): Promise<CommitResult> {
    const change = await this.sealed(plain);
    const items: TransactItem[] = [];
    const roles: ItemRole[] = [];
    const put = (Item: Record<string, unknown>, condition: string, values?: Record<string, unknown>) => ({
      Put: {
        TableName: this.table,
        Item,
        ConditionExpression: condition,
        ...(values && { ExpressionAttributeValues: values }),
      },
    });
    for (const { before, after, isNew } of change.accounts) {
      // The whole item is replaced, conditioned on the state it was computed from: a Put costs the
      // same write units as an Update of an item this size and needs no expression per field.
      items.push(
        isNew
          ? put(accountItem(after), 'attribute_not_exists(pk)')
          : put(accountItem(after), 'version = :v', { ':v': before.version }),
      );
      roles.push({ role: 'account', accountId: after.accountId });
    }
    for (const { before, after } of change.transfers) {
      items.push(
        before === undefined
          ? put(transferItem(after), 'attribute_not_exists(pk)')
          : put(transferItem(after), 'version = :v', { ':v': before.version }),
      );
      roles.push({ role: 'transfer', isNew: before === undefined });
    }
    for (const entry of change.entries) {
      items.push(put(entryItem(entry), 'attribute_not_exists(pk)'));
      roles.push({ role: 'entry' });
    }
    for (const delivery of change.deliveries ?? []) {
      items.push(put(deliveryItem(delivery), 'attribute_not_exists(pk)'));
      roles.push({ role: 'delivery' });
    }
    try {
      await documentClientFor(region).send(
        new TransactWriteCommand({
          // Makes the SDK's own retries of this exact call (timeouts, 5xx) idempotent for 10 min.
          ClientRequestToken: randomUUID(),
          TransactItems: items,
        }),
      );
      return { committed: true };
    } catch (error) {
      const name = (error as Error).name;
      if (error instanceof TransactionCanceledException || name === 'TransactionCanceledException') {
        return cancellation(error as TransactionCanceledException, roles);
      }
      // IdempotentParameterMismatch: an SDK retry of our token with other parameters, so the first
      // attempt may have committed; TransactionInProgress: the same. The caller re-reads and resolves.
      if (name === 'IdempotentParameterMismatchException' || name === 'TransactionInProgressException') {
        return { committed: false, reason: 'conflict', accountIds: [] };
      }
      throw error;
    }
  }

  async listEntries(
    accountId: string,
    page: { limit: number; after?: string; from?: string; to?: string; oldestFirst?: boolean },
  ) {
    const pk = accountPk(accountId);
    const lower = page.from === undefined ? ENTRY_PREFIX : `${ENTRY_PREFIX}${page.from}`;
    // `~` sorts after every character of an entry sort key: the upper bound includes `to` itself.
    const upper = page.to === undefined ? `${ENTRY_PREFIX}~` : `${ENTRY_PREFIX}${page.to}#~`;
    const { Items, LastEvaluatedKey } = await documentClientFor(this.localRegion).send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: { ':pk': pk, ':lower': lower, ':upper': upper },
        ScanIndexForward: page.oldestFirst === true,
        Limit: page.limit,
        ConsistentRead: true,
        ...(page.after !== undefined && { ExclusiveStartKey: { pk, sk: page.after } }),
      }),
    );
    const next = LastEvaluatedKey?.sk;
    const items = await this.openedEntries((Items ?? []).map(toEntry));
    return { items, ...(typeof next === 'string' && { next }) };
  }

  async accountsOwnedBy(owner: string, region: string, page: { limit: number; after?: string }) {
    const gsi3pk = ownerPk(owner);
    // A GSI page's start key is the index key plus the table key; the table key follows from the
    // index sort key (its last part is the account id), so the cursor carries the sort key alone.
    const startKey = (gsi3sk: string) => {
      const accountId = gsi3sk.slice(gsi3sk.lastIndexOf('#') + 1);
      return { gsi3pk, gsi3sk, pk: accountPk(accountId), sk: ACCOUNT_SK };
    };
    const client = documentClientFor(region);
    const { Items, LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi3pk },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.after !== undefined && { ExclusiveStartKey: startKey(page.after) }),
      }),
    );
    const keys = (Items ?? []).map((item) => ({ pk: item.pk, sk: item.sk }));
    const byPk = new Map<unknown, LedgerAccount>();
    // The index is KEYS_ONLY: balances come from the account items, read strongly.
    let pending: Array<Record<string, unknown>> | undefined = keys;
    for (let attempt = 0; pending && pending.length > 0 && attempt < 10; attempt += 1) {
      const output: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of output.Responses?.[this.table] ?? []) byPk.set(item.pk, toAccount(item));
      pending = output.UnprocessedKeys?.[this.table]?.Keys;
    }
    if (pending && pending.length > 0) throw new Error('BatchGetItem left account keys unprocessed.');
    // BatchGetItem answers in any order: restore the index's (newest first).
    const items = keys.flatMap((key) => byPk.get(key.pk) ?? []);
    const next = LastEvaluatedKey?.gsi3sk;
    return { items, ...(typeof next === 'string' && { next }) };
  }

  async listChangedTransfers(region: string, from: string, to: string): Promise<Transfer[]> {
    const hours: string[] = [];
    for (let t = Date.parse(`${hourOf(from)}:00:00.000Z`); t < Date.parse(to); t += 3_600_000) {
      hours.push(hourOf(new Date(t).toISOString()));
    }
    const pages = await Promise.all(
      hours.flatMap((hour) =>
        Array.from({ length: CHANGED_BUCKETS }, (_, bucket) =>
          this.queryAll(region, {
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': changedPk(region, hour, bucket),
              ':from': from,
              ':to': `${to}`,
            },
          }),
        ),
      ),
    );
    return Promise.all(pages.flat().map((item) => this.opened(toTransfer(item))));
  }

  async getEntries(refs: EntryRef[], region: string): Promise<Entry[]> {
    const found: Entry[] = [];
    for (let start = 0; start < refs.length; start += 100) {
      let keys: Array<Record<string, unknown>> | undefined = refs
        .slice(start, start + 100)
        .map((ref) => ({ pk: accountPk(ref.accountId), sk: entrySk(ref) }));
      // BatchGetItem may answer part of the keys (UnprocessedKeys): ask again for the rest.
      for (let attempt = 0; keys && keys.length > 0 && attempt < 10; attempt += 1) {
        const output: BatchGetCommandOutput = await documentClientFor(region).send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        found.push(...(output.Responses?.[this.table] ?? []).map(toEntry));
        keys = output.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return this.openedEntries(found);
  }

  async entriesSince(accountId: string, from: string, region: string): Promise<Entry[]> {
    const pk = accountPk(accountId);
    const recent = await this.queryAll(region, {
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: { ':pk': pk, ':from': `${ENTRY_PREFIX}${from}` },
      ConsistentRead: true,
    });
    const { Items } = await documentClientFor(region).send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: { ':pk': pk, ':lower': ENTRY_PREFIX, ':upper': `${ENTRY_PREFIX}${from}` },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const before = (Items ?? []).filter((item) => item.sk !== `${ENTRY_PREFIX}${from}`);
    return this.openedEntries(
      [...before, ...recent.filter((item) => String(item.sk).startsWith(ENTRY_PREFIX))].map(toEntry),
    );
  }

  async getCheckpoint(region: string): Promise<string | undefined> {
    const item = await this.get(checkpointPk(region), CHECKPOINT_SK, region);
    return typeof item?.verifiedUntil === 'string' ? item.verifiedUntil : undefined;
  }

  async saveCheckpoint(region: string, verifiedUntil: string): Promise<void> {
    await documentClientFor(region).send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: checkpointPk(region), sk: CHECKPOINT_SK, entity: 'checkpoint', verifiedUntil },
      }),
    );
  }

  /** Every page of a Query. */
  private async queryAll(
    region: string,
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
  ) {
    const items: Array<Record<string, unknown>> = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClientFor(region).send(
        new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  async listDueTransfers(region: string, now: string, limit: number) {
    const found = await Promise.all(
      Array.from({ length: PENDING_BUCKETS }, async (_, bucket) => {
        const { Items } = await documentClientFor(region).send(
          new QueryCommand({
            TableName: this.table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
            ExpressionAttributeValues: { ':pk': pendingPk(region, bucket), ':now': `${now}#~` },
            Limit: limit,
          }),
        );
        return Promise.all((Items ?? []).map((item) => this.opened(toTransfer(item))));
      }),
    );
    return found.flat().slice(0, limit);
  }
}

/**
 * Maps CancellationReasons (index-aligned with TransactItems) to what the caller does next. A
 * failed condition on a new transfer wins: it decides replay or 422.
 */
function cancellation(error: TransactionCanceledException, roles: ItemRole[]): CommitResult {
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  const failed = (index: number) => codes[index] === 'ConditionalCheckFailed';
  let reason: CommitFailure = 'conflict';
  const stale: string[] = [];
  roles.forEach((role, index) => {
    if (role.role === 'account' && failed(index)) stale.push(role.accountId);
  });
  const transferIndex = roles.findIndex((role, index) => role.role === 'transfer' && failed(index));
  const deliveryIndex = roles.findIndex((role, index) => role.role === 'delivery' && failed(index));
  if (transferIndex >= 0) {
    const role = roles[transferIndex] as { isNew: boolean };
    reason = role.isNew ? 'transfer-exists' : 'transfer-changed';
  } else if (deliveryIndex >= 0) reason = 'delivery-exists';
  else if (stale.length > 0) reason = 'stale-account';
  return { committed: false, reason, accountIds: stale };
}
