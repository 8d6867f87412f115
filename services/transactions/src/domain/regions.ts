/**
 * The region whose replica takes the writes of an account homed in `homeRegion`. Normally the home
 * region itself; during a declared failover (`HOME_REGION_FAILOVER=us-east-1:us-west-2,…`, set by
 * the failover runbook in docs/transactions.md) the designated survivor.
 *
 * @example
 * writeRegionFor('us-east-1'); // 'us-east-1', or 'us-west-2' while us-east-1 is failed over
 */
export function writeRegionFor(homeRegion: string, env: NodeJS.ProcessEnv = process.env): string {
  for (const pair of (env.HOME_REGION_FAILOVER ?? '').split(',')) {
    const [from, to] = pair.split(':').map((part) => part.trim());
    if (from === homeRegion && to) return to;
  }
  return homeRegion;
}
