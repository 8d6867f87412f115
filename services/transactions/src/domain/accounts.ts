import { randomBytes } from 'node:crypto';
import type { CurrencyCode } from './money';

/**
 * The platform's own books, one set per currency (docs/transactions.md, "Accounts"):
 * - `settlement`: money entering and leaving through external rails (deposits, withdrawals);
 * - `fees`: fees charged to customers;
 * - `suspense`: amounts parked by back office until their owner is known;
 * - `transit`: money between two home regions during a cross-region transfer.
 * System accounts may go negative (settlement is negative by the amount customers hold).
 */
export const SYSTEM_KINDS = ['settlement', 'fees', 'suspense', 'transit'] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

/**
 * Shards per system account, currency and region. A system account is touched by every deposit or
 * withdrawal; one item would be one hot partition (1,000 WCU/s) and one optimistic lock. Sizing
 * (docs/transactions.md, "Sharding"): a 5,000 rps peak all in one region, 4 WRU per transfer on the
 * shard's partition (its account item and its entry, 2 WRU each) → 20,000 WRU/s ≥ 20 partitions;
 * and to keep two concurrent commits on one shard rare (≈ 15 ms each), ≤ 40 rps per shard → 128.
 */
export const SYSTEM_SHARDS = 128;

export interface AccountBase {
  accountId: string;
  currency: CurrencyCode;
  status: 'open' | 'closed';
  /** Credits minus debits posted so far, in minor units (a customer's balance; settlement's is negative). */
  posted: number;
  /** Amounts reserved by pending transfers out of (debits) and into (credits) this account. */
  debitsPending: number;
  creditsPending: number;
  /** Entries written so far: the next entry's sequence is `entryCount + 1`. */
  entryCount: number;
  /** Time of the newest entry; an entry is never dated before it (statements sort by time). */
  lastEntryAt: string;
  /** The region whose replica takes every write for this account. */
  homeRegion: string;
  createdAt: string;
  updatedAt: string;
  /** When the account was closed (accounts closed before this field existed lack it). */
  closedAt?: string;
  /** Optimistic-lock version: +1 on every change. */
  version: number;
}

export interface CustomerAccount extends AccountBase {
  kind: 'customer';
  ownerSub: string;
  /** How far `posted − debitsPending` may go below zero; 0 unless back office set a limit. */
  overdraftLimit: number;
}

export interface SystemAccount extends AccountBase {
  kind: 'system';
  systemKind: SystemKind;
  shard: number;
}

export type LedgerAccount = CustomerAccount | SystemAccount;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const CUSTOMER_ACCOUNT_ID = /^acc_[a-z2-7]{20}$/;
const SYSTEM_ACCOUNT_ID = /^sys_(settlement|fees|suspense|transit)_([A-Z]{3})_([a-z]{2}-[a-z]+-\d)_(\d{3})$/;

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += BASE32[bytes[i]! & 31];
  return out;
}

/**
 * A new customer account id: `acc_` + 20 random base32 characters (100 bits).
 *
 * @example
 * newAccountId(); // 'acc_k3v7q2m5x9a4b6c8d2ef'
 */
export function newAccountId(): string {
  return `acc_${base32(randomBytes(20), 20)}`;
}

/** True for a syntactically valid customer account id (anything else cannot exist: 404). */
export const isCustomerAccountId = (value: string): boolean => CUSTOMER_ACCOUNT_ID.test(value);

/**
 * The id of one shard of a system account.
 *
 * @example
 * systemAccountId('settlement', 'USD', 'us-east-1', 7); // 'sys_settlement_USD_us-east-1_007'
 */
export function systemAccountId(kind: SystemKind, currency: string, region: string, shard: number): string {
  return `sys_${kind}_${currency}_${region}_${String(shard).padStart(3, '0')}`;
}

/** The parts of a system account id, or undefined when it is not one. */
export function parseSystemAccountId(
  id: string,
): { kind: SystemKind; currency: string; region: string; shard: number } | undefined {
  const match = SYSTEM_ACCOUNT_ID.exec(id);
  if (!match) return undefined;
  const shard = Number(match[4]);
  if (shard >= SYSTEM_SHARDS) return undefined;
  return { kind: match[1] as SystemKind, currency: match[2]!, region: match[3]!, shard };
}

/** True for any account id the ledger can hold (customer or system shard). */
export const isAccountId = (value: string): boolean =>
  isCustomerAccountId(value) || parseSystemAccountId(value) !== undefined;

/**
 * A new, empty customer account owned by `ownerSub`, homed in the region that creates it.
 *
 * @example
 * openCustomerAccount({ accountId, ownerSub: 'user-1', currency: 'USD', homeRegion: 'us-east-1', now });
 */
export function openCustomerAccount(input: {
  accountId: string;
  ownerSub: string;
  currency: CurrencyCode;
  homeRegion: string;
  now: string;
}): CustomerAccount {
  return {
    accountId: input.accountId,
    kind: 'customer',
    ownerSub: input.ownerSub,
    currency: input.currency,
    status: 'open',
    posted: 0,
    debitsPending: 0,
    creditsPending: 0,
    overdraftLimit: 0,
    entryCount: 0,
    lastEntryAt: input.now,
    homeRegion: input.homeRegion,
    createdAt: input.now,
    updatedAt: input.now,
    version: 0,
  };
}

/**
 * A system account shard as it is before its first movement (created by that movement's commit).
 *
 * @example
 * emptySystemShard('settlement', 'USD', 'us-east-1', 7, now).accountId; // 'sys_settlement_USD_us-east-1_007'
 */
export function emptySystemShard(
  kind: SystemKind,
  currency: CurrencyCode,
  region: string,
  shard: number,
  now: string,
): SystemAccount {
  return {
    accountId: systemAccountId(kind, currency, region, shard),
    kind: 'system',
    systemKind: kind,
    shard,
    currency,
    status: 'open',
    posted: 0,
    debitsPending: 0,
    creditsPending: 0,
    entryCount: 0,
    lastEntryAt: now,
    homeRegion: region,
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
}

/** What may still be spent: posted minus what pending transfers reserve. */
export const available = (account: LedgerAccount): number => account.posted - account.debitsPending;

/** True when the account's balances respect its limits (system accounts have none). */
export function withinLimits(account: LedgerAccount): boolean {
  if (account.kind === 'system') return true;
  return available(account) >= -account.overdraftLimit;
}

/**
 * What clients see of an account: posted, pending (reserved by holds out of it) and available
 * balances, all in the account's currency.
 */
export function accountView(account: LedgerAccount) {
  const money = (value: number) => ({ value, currency: account.currency });
  return {
    accountId: account.accountId,
    ...(account.kind === 'system' && { system: account.systemKind }),
    currency: account.currency,
    status: account.status,
    balances: {
      posted: money(account.posted),
      pending: money(account.debitsPending),
      available: money(available(account)),
      ...(account.kind === 'customer' &&
        account.overdraftLimit > 0 && { overdraftLimit: money(account.overdraftLimit) }),
    },
    homeRegion: account.homeRegion,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    version: account.version,
  };
}
