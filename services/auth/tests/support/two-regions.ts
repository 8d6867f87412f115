// Two regions of the auth table on one DynamoDB Local, on a SIMULATED clock, to test the revocation
// bound of docs/auth.md ("The bound: 60 s on AWS, at once locally") without sleeping:
// - one table per region (the global table's replicas), with streams as in production;
// - a replicator standing in for global-table replication: it reads each table's DynamoDB Stream and
//   applies every change to the other table once `lagMs` of simulated time has passed, last writer
//   wins, unless the regions are partitioned;
// - API Gateway's authorizer cache (AuthorizerCache), per region and token, on the same clock.
// Nothing here sleeps: time moves only through `advance`, so every test is deterministic.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@ledgerline/shared/dynamodb';
import { createTableInput, tableDefinitions } from '@ledgerline/shared/tables';
import { localClient } from '../../../../scripts/local/dynamodb-local';
import { DynamoDbRevocationStore } from '../../src/adapters/dynamodb-revocation-store';
import { TokenRejectedError } from '../../src/authorizer/token';

export const REGIONS = ['us-east-1', 'us-west-2'] as const;
export type Region = (typeof REGIONS)[number];
const SHORT: Record<Region, string> = { 'us-east-1': 'use1', 'us-west-2': 'usw2' };
export const otherRegion = (region: Region): Region => (region === 'us-east-1' ? 'us-west-2' : 'us-east-1');

type Item = Record<string, AttributeValue>;

/** One change read from a replica's stream, stamped with the simulated instant it was written. */
interface Change {
  from: Region;
  writtenAt: number;
  key: Item;
  /** The whole new item (global tables replicate items, not update expressions); absent: a delete. */
  image: Item | undefined;
}

/** Where the replicator is in one replica's stream (DynamoDB Local gives each stream one shard). */
interface StreamPosition {
  streamArn: string;
  shardId: string;
  /** The last record read; none yet: from the start. */
  lastSequence?: string;
}

/** The last write a replica holds for an item: what last-writer-wins compares. */
interface Version {
  at: number;
  from: Region;
}
/** Later write wins; an exact tie goes to one fixed region, so both replicas pick the same one. */
const newer = (a: Version, b: Version) => a.at > b.at || (a.at === b.at && a.from > b.from);
const keyOf = (key: Item) => `${key.pk?.S}|${key.sk?.S}`;

export interface TwoRegionsOptions {
  /** DynamoDB Local (process.env.DYNAMODB_ENDPOINT in the integration project). */
  endpoint: string;
  /** Replication latency between the regions, in simulated ms. */
  lagMs: number;
  /** Where the simulated clock starts (epoch ms); default: now, to the second. */
  startAt?: number;
}

/**
 * Two replicas of the auth table, their revocation stores, and the replication between them.
 *
 * @example
 * const regions = await TwoRegions.create({ endpoint, lagMs: 30_000 });
 * await regions.stores['us-east-1'].revokeFamily(sub, family, 'logout', regions.date());
 * await regions.advance(30_001); // now applied in us-west-2
 */
export class TwoRegions {
  private clock: number;
  private partitioned = false;
  /** Changes on their way TO each region, in the order their replica wrote them. */
  private readonly inFlight: Record<Region, Change[]> = { 'us-east-1': [], 'us-west-2': [] };
  private readonly versions: Record<Region, Map<string, Version>> = {
    'us-east-1': new Map(),
    'us-west-2': new Map(),
  };

  private constructor(
    private readonly ddb: ReturnType<typeof localClient>,
    /** The first reads items for the tests; the others are the stores'. */
    private readonly documents: Array<ReturnType<typeof createDocumentClient>>,
    private readonly streams: DynamoDBStreamsClient,
    readonly tables: Record<Region, string>,
    private readonly positions: Record<Region, StreamPosition>,
    readonly stores: Record<Region, DynamoDbRevocationStore>,
    readonly lagMs: number,
    startAt: number,
  ) {
    this.clock = startAt;
  }

  static async create({ endpoint, lagMs, startAt }: TwoRegionsOptions): Promise<TwoRegions> {
    const ddb = localClient(endpoint);
    const streams = new DynamoDBStreamsClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // Fresh tables per simulation: each starts with empty replicas and an empty replication state.
    const run = Math.random().toString(36).slice(2, 6);
    const tables = {} as Record<Region, string>;
    const positions = {} as Record<Region, StreamPosition>;
    const stores = {} as Record<Region, DynamoDbRevocationStore>;
    const clients = [createDocumentClient({ endpoint })];
    for (const region of REGIONS) {
      const input = createTableInput(tableDefinitions.auth, `test-${SHORT[region]}-${run}`);
      await ddb.send(new CreateTableCommand(input));
      const table = input.TableName as string;
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table }));
      const streamArn = Table?.LatestStreamArn as string;
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      tables[region] = table;
      positions[region] = { streamArn, shardId: StreamDescription?.Shards?.[0]?.ShardId as string };
      // Each region's store has its own client, as each region's Lambdas do.
      const client = createDocumentClient({ endpoint, region });
      clients.push(client);
      stores[region] = new DynamoDbRevocationStore(client, table);
    }
    return new TwoRegions(
      ddb,
      clients,
      streams,
      tables,
      positions,
      stores,
      lagMs,
      startAt ?? Math.floor(Date.now() / 1000) * 1000,
    );
  }

  /** The simulated instant (epoch ms). */
  now(): number {
    return this.clock;
  }

  date(): Date {
    return new Date(this.clock);
  }

  /**
   * Moves the clock by `ms` and delivers what replication has carried by then. Writes made before
   * the call are stamped with the instant they were made at, so a change written at t arrives at
   * t + lag, just AFTER the requests of that instant (the worst order for the bound).
   */
  async advance(ms: number): Promise<void> {
    await this.readStreams();
    this.clock += ms;
    await this.deliver();
  }

  /** Replication stops both ways; writes queue up (the replication-latency alarm would fire). */
  partition(): void {
    this.partitioned = true;
  }

  /** Replication resumes: the backlog older than the lag is applied at once, in write order. */
  async heal(): Promise<void> {
    this.partitioned = false;
    await this.readStreams();
    await this.deliver();
  }

  /** An item as one replica holds it (strongly consistent read), or undefined. */
  async item(region: Region, pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.documents[0]!.send(
      new GetCommand({ TableName: this.tables[region], Key: { pk, sk }, ConsistentRead: true }),
    );
    return Item;
  }

  /** Deletes an item in one replica, as DynamoDB TTL does when a record expires. */
  async remove(region: Region, pk: string, sk: string): Promise<void> {
    await this.documents[0]!.send(new DeleteCommand({ TableName: this.tables[region], Key: { pk, sk } }));
  }

  async close(): Promise<void> {
    for (const region of REGIONS) {
      await this.ddb.send(new DeleteTableCommand({ TableName: this.tables[region] }));
    }
    this.ddb.destroy();
    for (const client of this.documents) client.destroy();
    this.streams.destroy();
  }

  /**
   * Every stream record since the last read (DynamoDB Local: a write's record is there at once). A
   * fresh iterator each time: DynamoDB Local numbers records across ALL tables, and an iterator
   * kept from an empty read then fails with TrimmedDataAccessException once another table is written.
   */
  private async readAll(region: Region): Promise<StreamRecord[]> {
    const position = this.positions[region];
    const records: StreamRecord[] = [];
    for (;;) {
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: position.streamArn,
          ShardId: position.shardId,
          ...(position.lastSequence
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: position.lastSequence }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      const page = await this.streams.send(new GetRecordsCommand({ ShardIterator }));
      const last = page.Records?.at(-1)?.dynamodb?.SequenceNumber;
      if (!last) return records;
      records.push(...(page.Records ?? []));
      position.lastSequence = last;
    }
  }

  /** Stamps the regions' own writes with the current instant and queues them for the other region. */
  private async readStreams(): Promise<void> {
    const read = await Promise.all(REGIONS.map((region) => this.readAll(region)));
    for (const [r, region] of REGIONS.entries()) {
      for (const record of read[r] ?? []) {
        const key = record.dynamodb?.Keys as Item;
        const change: Change = {
          from: region,
          writtenAt: this.clock,
          key,
          image: record.eventName === 'REMOVE' ? undefined : (record.dynamodb?.NewImage as Item),
        };
        this.versions[region].set(keyOf(key), { at: change.writtenAt, from: region });
        this.inFlight[otherRegion(region)].push(change);
      }
    }
  }

  /** Applies, in write order, every change written more than `lagMs` ago (unless partitioned). */
  private async deliver(): Promise<void> {
    if (this.partitioned) return;
    const due = (change: Change) => change.writtenAt + this.lagMs < this.clock;
    for (const region of REGIONS) {
      const queue = this.inFlight[region];
      let applied = 0;
      while (queue[0] && due(queue[0])) {
        const change = queue.shift() as Change;
        const held = this.versions[region].get(keyOf(change.key));
        // This replica's own later write wins; it travels the other way and wins there too.
        if (held && newer(held, { at: change.writtenAt, from: change.from })) continue;
        const TableName = this.tables[region];
        if (change.image) await this.ddb.send(new PutItemCommand({ TableName, Item: change.image }));
        else await this.ddb.send(new DeleteItemCommand({ TableName, Key: change.key }));
        this.versions[region].set(keyOf(change.key), { at: change.writtenAt, from: change.from });
        applied += 1;
      }
      // Replicated writes show up in the receiving replica's stream too; global tables do not send
      // them back. Every local write was read before the clock moved, so what is there now are ours.
      if (applied > 0) {
        const echoes = await this.readAll(region);
        if (echoes.length > applied) throw new Error(`${region}: a write slipped in during replication`);
      }
    }
  }
}

export type Outcome = 'allow' | 'refuse';

/**
 * API Gateway's authorizer result cache in one region, keyed by token: an Allow is reused for
 * `ttlMs`; a refusal (`Unauthorized`, i.e. TokenRejectedError) is not cached; any other error is
 * rethrown (a 500, never cached either).
 *
 * @example
 * const gateway = new AuthorizerCache(() => regions.now(), 30_000, (auth) => authorize(auth, config, verifiers));
 * await gateway.request(`Bearer ${jwt}`); // 'allow' | 'refuse'
 */
export class AuthorizerCache {
  private readonly allowedAt = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
    private readonly decide: (authorization: string) => Promise<unknown>,
  ) {}

  async request(authorization: string): Promise<Outcome> {
    const cachedAt = this.allowedAt.get(authorization);
    if (cachedAt !== undefined && this.now() < cachedAt + this.ttlMs) return 'allow';
    this.allowedAt.delete(authorization);
    try {
      await this.decide(authorization);
    } catch (error) {
      if (error instanceof TokenRejectedError) return 'refuse';
      throw error;
    }
    this.allowedAt.set(authorization, this.now());
    return 'allow';
  }
}
