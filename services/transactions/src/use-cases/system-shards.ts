import { randomInt } from 'node:crypto';
import type { SystemAccount, SystemKind } from '../domain/accounts';
import { emptySystemShard, SYSTEM_SHARDS, systemAccountId } from '../domain/accounts';
import type { CurrencyCode } from '../domain/money';
import type { AccountStates } from './commit-loop';

/**
 * Which shard of a system account this container moves money through. Each container keeps one
 * shard per (kind, currency, region) so that its remembered state is usually current (one round
 * trip), and moves to another random shard when a commit finds it stale or contended: concurrent
 * containers spread over the SYSTEM_SHARDS shards instead of queueing on one item.
 *
 * @example
 * const shard = await shards.state(states, 'settlement', 'USD', 'us-east-1', now);
 */
export class ShardPicker {
  private readonly chosen = new Map<string, number>();

  constructor(private readonly pick: () => number = () => randomInt(SYSTEM_SHARDS)) {}

  shardFor(kind: SystemKind, currency: CurrencyCode, region: string): string {
    const key = `${kind}/${currency}/${region}`;
    let shard = this.chosen.get(key);
    if (shard === undefined) {
      shard = this.pick();
      this.chosen.set(key, shard);
    }
    return systemAccountId(kind, currency, region, shard);
  }

  /** After a stale or contended commit on `accountId`: use another shard next time. */
  rotate(accountId: string): void {
    for (const [key] of this.chosen) {
      const [kind, currency, region] = key.split('/') as [SystemKind, CurrencyCode, string];
      if (this.shardFor(kind, currency, region) === accountId) this.chosen.set(key, this.pick());
    }
  }

  /** The shard's state (an empty shard when it has never moved money: the commit creates it). */
  async state(
    states: AccountStates,
    kind: SystemKind,
    currency: CurrencyCode,
    region: string,
    now: string,
  ): Promise<{ account: SystemAccount; isNew: boolean }> {
    const accountId = this.shardFor(kind, currency, region);
    const known = await states.get(accountId);
    if (known) return { account: known as SystemAccount, isNew: false };
    const shard = Number(accountId.slice(-3));
    return { account: emptySystemShard(kind, currency, region, shard, now), isNew: true };
  }
}

/** The picker of this container. */
export const containerShardPicker = new ShardPicker();
