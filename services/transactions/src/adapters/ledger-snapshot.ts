import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerSnapshot } from '../domain/reconciliation';
import type { LedgerAccount } from '../domain/accounts';
import type { Delivery, Entry, Transfer } from '../domain/transfers';
import { documentClientFor } from './dynamodb-clients';
import { toAccount, toDelivery, toEntry, toTransfer } from './ledger-items';

/**
 * The whole ledger of one replica, read by a parallel Scan (`segments` workers). Used by the full
 * reconciliation (`npm run reconcile -- --full`, the property-based tests); the scheduled job reads
 * incrementally (use-cases/reconcile.ts). Strongly consistent reads; not a point-in-time snapshot,
 * so a full run on a live table re-checks a non-zero sum before reporting it.
 *
 * @example
 * const snapshot = await scanLedger('ledgerline-transactions-dev', 'us-east-1');
 */
export async function scanLedger(table: string, region: string, segments = 4): Promise<LedgerSnapshot> {
  const snapshot: LedgerSnapshot = { accounts: [], entries: [], transfers: [], deliveries: [] };
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await documentClientFor(region).send(
          new ScanCommand({
            TableName: table,
            Segment: segment,
            TotalSegments: segments,
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (item.entity === 'account') snapshot.accounts.push(toAccount(item) as LedgerAccount);
          else if (item.entity === 'entry') snapshot.entries.push(toEntry(item) as Entry);
          else if (item.entity === 'transfer') snapshot.transfers.push(toTransfer(item) as Transfer);
          else if (item.entity === 'delivery') snapshot.deliveries.push(toDelivery(item) as Delivery);
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }),
  );
  return snapshot;
}
