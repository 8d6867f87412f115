// The revocation bound of docs/auth.md ("The bound: 60 s on AWS, at once locally") in two simulated
// regions: the real revocation store and authorizer on two replicas of the auth table (DynamoDB
// Local), stream-driven replication with a lag, and API Gateway's 30 s authorizer cache per region,
// all on one simulated clock (tests/support/two-regions.ts). Time is stepped second by second.
// Not simulated: the writing region's own ~1 s of eventual consistency (DynamoDB Local reads are
// always consistent), the last row of the bound's table in docs/auth.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { accessTokenVerifier } from '../../src/authorizer/access-token-verifier';
import { authorize } from '../../src/authorizer/authorize';
import type { AuthorizerConfig } from '../../src/authorizer/config';
import { notBeforeFor, sessionKeys } from '../../src/domain/sessions';
import type { JwksServer } from '../support/tokens';
import { accessClaims, CLIENT_ID, rsaKey, signRs256, startJwksServer } from '../support/tokens';
import type { Region } from '../support/two-regions';
import { AuthorizerCache, otherRegion, REGIONS, TwoRegions } from '../support/two-regions';

const repo = join(__dirname, '../../../..');
/** API Gateway's authorizer cache, as configured for every API (serverless.common.yml). */
const CACHE_MS =
  (load(readFileSync(join(repo, 'serverless.common.yml'), 'utf8')) as { authorizerCacheSeconds: number })
    .authorizerCacheSeconds * 1000;
/** The replication lag above which the replication-latency alarm fires (edge alarm_thresholds). */
const ALARM_LAG_MS = Number(
  /replication_latency_ms\s*=\s*(\d+)/.exec(
    readFileSync(join(repo, 'terraform-foundation/edge/variables.tf'), 'utf8'),
  )?.[1],
);
/** The documented bound. */
const BOUND_MS = 60_000;
const SECOND = 1000;

const key = rsaKey('key-1');
let jwks: JwksServer;
let config: AuthorizerConfig;
let verifyAccess: ReturnType<typeof accessTokenVerifier>;
let regions: TwoRegions | undefined;

beforeAll(async () => {
  jwks = await startJwksServer([key]);
  config = {
    accessToken: { issuer: jwks.issuer, jwksUri: jwks.jwksUri, clientIds: [CLIENT_ID] },
    serviceToken: { issuers: [], audience: 'unused', secretName: 'unused', localKeyFile: undefined },
    isOffline: true,
  };
  verifyAccess = accessTokenVerifier(config.accessToken);
});
afterAll(() => jwks.close());
afterEach(async () => {
  await regions?.close();
  regions = undefined;
});

/** Two regions with `lagMs` of replication and an authorizer cache in front of each. */
async function twoRegions(lagMs: number) {
  regions = await TwoRegions.create({ endpoint: process.env.DYNAMODB_ENDPOINT as string, lagMs });
  const sim = regions;
  const gatewayIn = (region: Region) =>
    new AuthorizerCache(
      () => sim.now(),
      CACHE_MS,
      (authorization) =>
        authorize(authorization, config, {
          access: verifyAccess,
          service: () => () => Promise.reject(new Error('no service tokens in this test')),
          sessions: sim.stores[region],
        }),
    );
  return { sim, gateways: { 'us-east-1': gatewayIn('us-east-1'), 'us-west-2': gatewayIn('us-west-2') } };
}
type World = Awaited<ReturnType<typeof twoRegions>>;

/** An access token of `family`, authenticated at `authTime` (epoch s; real iat/exp, as the verifier checks those). */
const token = (sub: string, family: string, authTime: number) =>
  `Bearer ${signRs256(key, accessClaims(jwks.issuer, { sub, origin_jti: family, auth_time: authTime }))}`;

/**
 * Tokens of a session used in both regions once per second, token i first at t0 − i s (i < 30: one
 * token per phase of the 30 s cache, so some token's cached Allow is as fresh as can be at any
 * instant). `events[offset]` runs at t0 + offset, after that instant's requests (t0: the write that
 * ends the session). A token is followed until refused, then asked once more at the end (still
 * refused: nothing comes back). Returns when each token was first refused, in ms after t0, per region.
 */
async function refusals(
  { sim, gateways }: World,
  tokens: string[],
  events: Record<number, () => Promise<unknown>>,
  untilMs: number,
): Promise<Record<Region, number[]>> {
  const t0 = sim.now() + (tokens.length - 1) * SECOND;
  const refusedAt: Record<Region, Array<number | undefined>> = { 'us-east-1': [], 'us-west-2': [] };
  while (sim.now() <= t0 + untilMs) {
    const offset = sim.now() - t0;
    const requests = REGIONS.flatMap((region) =>
      tokens.map(async (authorization, i) => {
        if (offset < -i * SECOND || refusedAt[region][i] !== undefined) return;
        if ((await gateways[region].request(authorization)) === 'refuse') refusedAt[region][i] = offset;
      }),
    );
    await Promise.all(requests);
    await events[offset]?.();
    await sim.advance(SECOND);
  }
  for (const region of REGIONS) {
    for (const authorization of tokens) expect(await gateways[region].request(authorization)).toBe('refuse');
  }
  // Every token refused in each region within the run: no undefined left.
  for (const region of REGIONS)
    expect(refusedAt[region].filter((at) => at !== undefined)).toHaveLength(tokens.length);
  return refusedAt as Record<Region, number[]>;
}

const phases = (make: (i: number) => string) => Array.from({ length: CACHE_MS / SECOND }, (_, i) => make(i));
const latest = (times: number[]) => Math.max(...times);
const earliest = (times: number[]) => Math.min(...times);

describe('the simulated replication', () => {
  it('applies each change in the other region once the lag has passed, in write order, deletes too', async () => {
    // Prepare
    const { sim } = await twoRegions(5 * SECOND);
    const [pk, sk] = [sessionKeys.user('u-repl'), sessionKeys.family('family-r')];
    const inUsw2 = () => sim.item('us-west-2', pk, sk);

    // Act / Assess: written, then removed (as TTL does) in us-east-1
    await sim.stores['us-east-1'].revokeFamily('u-repl', 'family-r', 'logout', sim.date());
    await sim.advance(5 * SECOND);
    await expect(inUsw2()).resolves.toBeUndefined();
    await sim.advance(SECOND);
    await expect(inUsw2()).resolves.toEqual(await sim.item('us-east-1', pk, sk));
    // An update, then the removal, in the same instant: applied out of order, the item would stay.
    await sim.stores['us-east-1'].revokeFamily('u-repl', 'family-r', 'logout', sim.date());
    await sim.remove('us-east-1', pk, sk);
    await sim.advance(6 * SECOND);
    await expect(inUsw2()).resolves.toBeUndefined();
    await expect(sim.item('us-east-1', pk, sk)).resolves.toBeUndefined();
  });
});

describe('the bound in two regions (simulated: replicas, replication lag, authorizer caches)', () => {
  it('is the authorizer cache plus the replication alarm threshold: 60 s', () => {
    expect(CACHE_MS + ALARM_LAG_MS).toBe(BOUND_MS);
  });

  it.each([
    { lagMs: ALARM_LAG_MS, case: 'at the alarm threshold' },
    { lagMs: SECOND, case: 'typical' },
  ])(
    'logout in us-east-1, lag $lagMs ms ($case): refused there within the cache TTL and in us-west-2 within TTL + lag, exactly at worst',
    async ({ lagMs }) => {
      // Prepare
      const world = await twoRegions(lagMs);
      const family = 'family-phone';
      const tokens = phases(() => token('u-logout', family, Math.floor(world.sim.now() / SECOND) - 600));

      // Act: logout at t0, written in us-east-1
      const refused = await refusals(
        world,
        tokens,
        {
          0: () => world.sim.stores['us-east-1'].revokeFamily('u-logout', family, 'logout', world.sim.date()),
        },
        CACHE_MS + lagMs + 5 * SECOND,
      );

      // Assess: the writing region within the cache TTL, the worst case exactly at it
      expect(latest(refused['us-east-1'])).toBe(CACHE_MS);
      // The other region: never before the change reached it, and at worst exactly TTL + lag
      expect(earliest(refused['us-west-2'])).toBeGreaterThan(lagMs);
      expect(latest(refused['us-west-2'])).toBe(CACHE_MS + lagMs);
      expect(latest(refused['us-west-2'])).toBeLessThanOrEqual(BOUND_MS);
    },
  );

  it('logout-all in us-west-2: every session authenticated before is refused in both regions within the bound; a later login is not', async () => {
    // Prepare: two devices' sessions, authenticated an hour before
    const world = await twoRegions(ALARM_LAG_MS);
    const before = Math.floor(world.sim.now() / SECOND) - 3600;
    const tokens = phases((i) => token('u-all', i % 2 ? 'family-laptop' : 'family-phone', before));
    let notBefore = 0;

    // Act: sign out everywhere at t0, written in us-west-2
    const refused = await refusals(
      world,
      tokens,
      {
        0: () => {
          notBefore = notBeforeFor(world.sim.date());
          return world.sim.stores['us-west-2'].raiseNotBefore(
            'u-all',
            notBefore,
            'logout-all',
            world.sim.date(),
          );
        },
      },
      BOUND_MS + 5 * SECOND,
    );

    // Assess
    expect(latest(refused['us-west-2'])).toBe(CACHE_MS);
    expect(earliest(refused['us-east-1'])).toBeGreaterThan(ALARM_LAG_MS);
    expect(latest(refused['us-east-1'])).toBe(BOUND_MS);
    const afterwards = token('u-all', 'family-new-login', notBefore);
    for (const region of REGIONS)
      await expect(world.gateways[region].request(afterwards)).resolves.toBe('allow');
  });
});

describe('partitions (replication stopped: the replication-latency alarm fires)', () => {
  it('the region that did not see the logout keeps allowing; after healing it refuses within one cache TTL', async () => {
    // Prepare
    const world = await twoRegions(ALARM_LAG_MS);
    const tokens = phases(() => token('u-part', 'family-p', Math.floor(world.sim.now() / SECOND) - 600));
    const healAt = 2 * BOUND_MS;
    world.sim.partition();

    // Act: logout in us-east-1 at t0; the partition heals long after the bound
    const refused = await refusals(
      world,
      tokens,
      {
        0: () => world.sim.stores['us-east-1'].revokeFamily('u-part', 'family-p', 'logout', world.sim.date()),
        [healAt]: () => world.sim.heal(),
      },
      healAt + CACHE_MS + 5 * SECOND,
    );

    // Assess: the documented failure mode, then the cache TTL after delivery
    expect(latest(refused['us-east-1'])).toBe(CACHE_MS);
    expect(earliest(refused['us-west-2'])).toBeGreaterThan(healAt);
    expect(latest(refused['us-west-2'])).toBe(healAt + CACHE_MS);
  });

  it('the same logout written again in the other region (the runbook) ends the session there within the cache TTL, partition or not', async () => {
    // Prepare
    const world = await twoRegions(ALARM_LAG_MS);
    const tokens = phases(() => token('u-again', 'family-a', Math.floor(world.sim.now() / SECOND) - 600));
    const againAt = 10 * SECOND;
    world.sim.partition();
    const revokeIn = (region: Region) => () =>
      world.sim.stores[region].revokeFamily('u-again', 'family-a', 'logout', world.sim.date());

    // Act: us-east-1 at t0, us-west-2 10 s later; the partition never heals during the run
    const refused = await refusals(
      world,
      tokens,
      { 0: revokeIn('us-east-1'), [againAt]: revokeIn('us-west-2') },
      againAt + CACHE_MS + 5 * SECOND,
    );

    // Assess
    expect(latest(refused['us-east-1'])).toBe(CACHE_MS);
    expect(latest(refused['us-west-2'])).toBe(againAt + CACHE_MS);
    // Healed, the replicas converge on the later write (last writer wins): still a revocation.
    await world.sim.heal();
    const [use1, usw2] = await Promise.all(
      REGIONS.map((region) =>
        world.sim.item(region, sessionKeys.user('u-again'), sessionKeys.family('family-a')),
      ),
    );
    expect(use1).toEqual(usw2);
  });
});

describe('conflicting "not before" writes in both regions (last writer wins)', () => {
  it.each([
    { case: 'the later write carries the later instant', clockAheadInUse1Ms: 0, laterWins: true },
    // A writer whose clock runs ahead (here us-east-1's) writes a later instant EARLIER in time.
    {
      case: 'the later write carries the earlier instant',
      clockAheadInUse1Ms: 10 * SECOND,
      laterWins: false,
    },
  ])(
    '$case: the replicas converge and every session authenticated before the earlier instant is refused in both',
    async ({ clockAheadInUse1Ms, laterWins }) => {
      // Prepare
      const world = await twoRegions(ALARM_LAG_MS);
      const { sim, gateways } = world;
      const nowIn = (region: Region) =>
        new Date(sim.now() + (region === 'us-east-1' ? clockAheadInUse1Ms : 0));
      const raiseIn = async (region: Region) => {
        const notBefore = notBeforeFor(nowIn(region));
        await sim.stores[region].raiseNotBefore('u-lww', notBefore, 'logout-all', nowIn(region));
        return notBefore;
      };
      sim.partition();

      // Act: logout-all in us-east-1, then 5 s later in us-west-2, while partitioned; then heal
      const inUse1 = await raiseIn('us-east-1');
      await sim.advance(5 * SECOND);
      const inUsw2 = await raiseIn('us-west-2');
      const [earlier, later] = [Math.min(inUse1, inUsw2), Math.max(inUse1, inUsw2)];
      const between = token('u-lww', 'family-between', earlier); // authenticated between the instants
      const regionOfLater: Region = later === inUse1 ? 'us-east-1' : 'us-west-2';
      await expect(gateways[regionOfLater].request(between)).resolves.toBe('refuse');
      await expect(gateways[otherRegion(regionOfLater)].request(between)).resolves.toBe('allow');
      // Healed once both writes are older than the lag: the whole backlog is applied at once.
      await sim.advance(ALARM_LAG_MS + SECOND);
      await sim.heal();

      // Assess: one item in both replicas, the one written last (us-west-2's)
      const items = await Promise.all(
        REGIONS.map((region) => sim.item(region, sessionKeys.user('u-lww'), sessionKeys.notBefore)),
      );
      expect(items[0]).toEqual(items[1]);
      expect(items[0]).toMatchObject({ notBefore: inUsw2 });
      const old = token('u-lww', 'family-old', earlier - 1);
      for (const region of REGIONS) {
        await expect(gateways[region].request(old)).resolves.toBe('refuse');
        // If the later instant lost, sessions authenticated between the two are allowed again, also
        // in the region that had refused them.
        await expect(gateways[region].request(between)).resolves.toBe(laterWins ? 'refuse' : 'allow');
      }
    },
  );
});
