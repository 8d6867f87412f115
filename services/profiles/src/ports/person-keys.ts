/**
 * The person's data keys (the person-keys table, a global table): the keys the ledger's personal
 * fields are sealed under. Erasure deletes them (crypto-shredding) and then checks that no replica
 * still holds one. Implemented over `shredPersonKeys` / `personKeyCount` of
 * `@ledgerline/shared/privacy`.
 */
export interface PersonKeys {
  /** Deletes every data key of `sub` in the home region's replica; returns how many. */
  shred(sub: string): Promise<number>;
  /** How many data keys of `sub` each region's replica still holds, by region. */
  remaining(sub: string): Promise<Record<string, number>>;
}
