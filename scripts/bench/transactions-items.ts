// What a transfer's items weigh and what AWS bills for them: DynamoDB's item-size rules, the index
// entries an item writes, and write units per started KB (transactional, index, replica).
import type { TableDefinition } from '../../shared/src/tables';

/**
 * AWS bills a transactional write at 2 WRU per started KB of the item; an index entry it causes at 1
 * WRU per started KB; a replica applies each item (and maintains its own indexes) at 1 per KB.
 */
export const TRANSACTIONAL_WRU_PER_KB = 2;
export const kb = (bytes: number) => Math.ceil(bytes / 1024);

export type Item = Record<string, unknown>;

/**
 * The size DynamoDB bills for an item (developer guide, "Item sizes and formats"): attribute names
 * and string values in UTF-8 bytes, a number ~1 byte per two significant digits + 1, booleans and
 * nulls 1 byte, a map or list 3 bytes + 1 per element + its contents.
 */
export function itemBytes(item: Item): number {
  const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
  const value = (v: unknown): number => {
    if (typeof v === 'string') return utf8(v);
    if (typeof v === 'number') {
      const digits = String(Math.abs(v)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
      return Math.ceil(Math.max(1, digits.length) / 2) + 1;
    }
    if (typeof v === 'boolean' || v === null) return 1;
    if (Array.isArray(v)) return 3 + v.reduce((sum: number, e) => sum + 1 + value(e), 0);
    if (typeof v === 'object' && v !== undefined) {
      return 3 + Object.entries(v).reduce((sum, [k, e]) => sum + 1 + utf8(k) + value(e), 0);
    }
    return 0;
  };
  return Object.entries(item).reduce((sum, [k, v]) => (v === undefined ? sum : sum + utf8(k) + value(v)), 0);
}

/** A table's global secondary indexes as shared/tables/<stem>.json declares them. */
export type Indexes = TableDefinition['globalSecondaryIndexes'];

/**
 * The index entries an item writes: one per GSI whose key attributes it carries, of the projected
 * size (ALL: the item; KEYS_ONLY: the table's and the index's keys). Billed as standard writes,
 * 1 WRU per started KB, in every region that holds a replica.
 */
export function indexEntryBytes(item: Item, indexes: Indexes, tableKeys: string[]): number[] {
  return indexes
    .filter(
      (index) =>
        item[index.partitionKey.name] !== undefined &&
        (!index.sortKey || item[index.sortKey.name] !== undefined),
    )
    .map((index) => {
      if (index.projection === 'ALL') return itemBytes(item);
      const keys = [...tableKeys, index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])];
      return itemBytes(Object.fromEntries(keys.map((key) => [key, item[key]])));
    });
}

/** Write units AWS bills in the write region for items of `itemSizes` and index entries of `entrySizes`. */
export const awsWru = (itemSizes: number[], entrySizes: number[]) =>
  itemSizes.reduce((sum, b) => sum + TRANSACTIONAL_WRU_PER_KB * kb(b), 0) +
  entrySizes.reduce((sum, b) => sum + kb(b), 0);

/** Write units the other region's replica applies: 1 per started KB of each item and index entry. */
export const replicatedWru = (sizes: number[]) => sizes.reduce((sum, b) => sum + kb(b), 0);
