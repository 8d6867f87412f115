// Capacity and monthly cost model at the seeds' loads, from the measured durations.
// Prices: AWS public list prices, us-east-1, as assumed on 2026-11-22 (see PRICES); they are inputs
// to check against the AWS pricing pages before any budget decision, not facts fetched here.

/** us-east-1 list prices (USD) assumed by the model. */
export const PRICES = {
  date: '2026-11-22 (list prices as published since the Nov 2024 DynamoDB on-demand reduction)',
  lambdaArmGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  apiGatewayRestPerMillion: 3.5, // first 333 M requests/month; 2.80 above
  apiGatewayRestPerMillionAbove333M: 2.8,
  dynamoWriteRequestUnitPerMillion: 0.625,
  dynamoReplicatedWriteUnitPerMillion: 0.625,
  dynamoReadRequestUnitPerMillion: 0.125,
  cloudFrontHttpsPerMillion: 1.0, // $0.0100 per 10,000 HTTPS requests, US/EU
  cloudFrontDataOutPerGb: 0.085, // first 10 TB/month
  wafWebAclPerMonth: 5,
  wafRulePerMonth: 1,
  wafPerMillionRequests: 0.6,
} as const;

/** Load (from the seeds) and the assumptions that turn it into requests. */
export const LOAD = {
  transactionsPerDay: 500_000,
  dailyActiveUsers: 1_000_000,
  peakRequestsPerSecond: 5_000,
  /** Assumed API calls per active user per day (login/refresh, profile, session, accounts, history). */
  requestsPerUserPerDay: 20,
  /**
   * Share of API requests that invoke the authorizer: API Gateway caches its decision per token for
   * 30 s, so only cache misses reach it. Every invocation is taken as an access token (service
   * tokens are a few back-office jobs).
   */
  authorizerInvocationShare: 0.25,
  /**
   * Per authorizer invocation: the revocation read (DynamoDbRevocationStore.recordsFor), one
   * eventually consistent BatchGetItem of 2 keys of small items: 2 x 0.5 RRU, found or not; one
   * round trip.
   */
  revocationReadUnitsPerAuthorizerCall: 1,
  revocationRoundTripsPerAuthorizerCall: 1,
  /** Assumed DynamoDB round-trip time on AWS (same region, warm connection). */
  dynamoRoundTripMs: 6,
  /** Round trips of an average request that is not a transfer (one read). */
  readRoundTrips: 1,
  /** Read request units per read request (strongly consistent item <= 4 KB). */
  readUnitsPerRead: 1,
  /**
   * AWS bills a transactional write at 2 WRU per started KB of each item (a same-region transfer's
   * TransactWriteItems: two accounts, the transfer, two entries; their sizes are measured) and an
   * index entry it causes at 1 WRU per started KB; the replica applies each item and maintains its
   * own index entries as standard writes: 1 per started KB.
   */
  transactionalWruPerKb: 2,
  indexWruPerKb: 1,
  replicatedWruPerKb: 1,
  /** Regions the table is replicated to besides the writing one. */
  replicaRegions: 1,
  /** Share of invocations that are cold starts (steady traffic, 1 GB functions). */
  coldStartShare: 0.005,
  /** Average response size through CloudFront. */
  responseKb: 1.5,
  /** WAF: two web ACLs (CloudFront + regional origin guard) of ~10 rules each. */
  wafWebAcls: 2,
  wafRulesPerAcl: 10,
  memoryGb: 1,
  daysPerMonth: 30,
} as const;

export interface MeasuredInputs {
  /** Warm in-process overhead per request (ms, p50, I/O excluded). */
  warmOverheadMs: number;
  /** Authorizer verify time (ms, p50, cached keys, signature only: the revocation read is modelled). */
  authorizerMs: number;
  /** Cold-start wall time of a typical function (ms, median). */
  coldStartMs: number;
  /**
   * Per same-region transfer, measured on DynamoDB Local: read units and round trips. (Its write
   * units are not AWS's: Local charges 4 per started KB of a transaction's summed item sizes per
   * table and index; AWS's are computed from the item sizes below.)
   */
  rcuPerTransfer: number;
  roundTripsPerTransfer: number;
  /** Billed size (bytes) of each item the transfer writes, and of each index entry they cause. */
  itemBytesPerTransfer: number[];
  indexBytesPerTransfer: number[];
}

export interface CostLine {
  item: string;
  quantity: string;
  monthlyUsd: number;
}

export interface CostModel {
  lines: CostLine[];
  totalUsd: number;
  peakConcurrency: number;
  transferDurationMs: number;
  readDurationMs: number;
  authorizerDurationMs: number;
  requestsPerMonth: number;
  authorizerCallsPerMonth: number;
}

const million = 1_000_000;
const billedMs = (ms: number) => Math.max(1, Math.ceil(ms));

/** Monthly capacity and cost from measured durations and the stated load and prices. */
export function costModel(m: MeasuredInputs, load = LOAD, prices = PRICES): CostModel {
  const days = load.daysPerMonth;
  const transfers = load.transactionsPerDay * days;
  const requests = load.dailyActiveUsers * load.requestsPerUserPerDay * days + transfers;
  const reads = requests - transfers;
  const authorizerCalls = requests * load.authorizerInvocationShare;

  // Duration = our own time + DynamoDB round trips; cold starts add their wall time on a share.
  const coldExtra = load.coldStartShare * m.coldStartMs;
  const transferMs = m.warmOverheadMs + m.roundTripsPerTransfer * load.dynamoRoundTripMs + coldExtra;
  const readMs = m.warmOverheadMs + load.readRoundTrips * load.dynamoRoundTripMs + coldExtra;
  const authMs =
    m.authorizerMs + load.revocationRoundTripsPerAuthorizerCall * load.dynamoRoundTripMs + coldExtra;
  const gbSeconds =
    (transfers * billedMs(transferMs) + reads * billedMs(readMs) + authorizerCalls * billedMs(authMs)) *
    (load.memoryGb / 1000);
  const invocations = requests + authorizerCalls;

  // Peak: Little's law, with the transfer share of the peak as in the daily mix.
  const transferShare = transfers / requests;
  const peakConcurrency = Math.ceil(
    load.peakRequestsPerSecond *
      ((transferShare * transferMs + (1 - transferShare) * readMs) / 1000 +
        (load.authorizerInvocationShare * authMs) / 1000),
  );

  const apiMillions = requests / million;
  const apiUsd =
    Math.min(apiMillions, 333) * prices.apiGatewayRestPerMillion +
    Math.max(0, apiMillions - 333) * prices.apiGatewayRestPerMillionAbove333M;
  const kb = (sizes: number[]) => sizes.reduce((sum, bytes) => sum + Math.ceil(bytes / 1024), 0);
  const itemKb = kb(m.itemBytesPerTransfer);
  const indexKb = kb(m.indexBytesPerTransfer);
  const wruPerTransfer = itemKb * load.transactionalWruPerKb + indexKb * load.indexWruPerKb;
  const wcu = transfers * wruPerTransfer;
  const rwruPerTransfer = (itemKb + indexKb) * load.replicatedWruPerKb;
  const rwcu = transfers * rwruPerTransfer * load.replicaRegions;
  // A transfer's own reads (strongly consistent GetItems of items <= 4 KB: 1 RRU each) count too, and
  // the authorizer's revocation read on every gateway cache miss.
  const revocationRru = authorizerCalls * load.revocationReadUnitsPerAuthorizerCall;
  const rru = reads * load.readUnitsPerRead + transfers * m.rcuPerTransfer + revocationRru;
  const dataGb = (requests * load.responseKb) / (1024 * 1024);

  const lines: CostLine[] = [
    {
      item: 'Lambda requests (arm64)',
      quantity: `${(invocations / million).toFixed(0)} M invocations`,
      monthlyUsd: (invocations / million) * prices.lambdaPerMillionRequests,
    },
    {
      item: 'Lambda duration (arm64, 1 GB)',
      quantity: `${(gbSeconds / 1000).toFixed(0)} k GB-s`,
      monthlyUsd: gbSeconds * prices.lambdaArmGbSecond,
    },
    { item: 'API Gateway REST', quantity: `${apiMillions.toFixed(0)} M requests`, monthlyUsd: apiUsd },
    {
      item: 'DynamoDB writes (on-demand)',
      quantity: `${(wcu / million).toFixed(1)} M WRU (${wruPerTransfer} per transfer)`,
      monthlyUsd: (wcu / million) * prices.dynamoWriteRequestUnitPerMillion,
    },
    {
      item: 'DynamoDB replicated writes',
      quantity: `${(rwcu / million).toFixed(1)} M rWRU (${rwruPerTransfer} per transfer x ${load.replicaRegions} replica region)`,
      monthlyUsd: (rwcu / million) * prices.dynamoReplicatedWriteUnitPerMillion,
    },
    {
      item: 'DynamoDB reads (on-demand)',
      quantity: `${(rru / million).toFixed(0)} M RRU (${(revocationRru / million).toFixed(0)} M of them revocation reads by the authorizer)`,
      monthlyUsd: (rru / million) * prices.dynamoReadRequestUnitPerMillion,
    },
    {
      item: 'CloudFront requests + data out',
      quantity: `${apiMillions.toFixed(0)} M req, ${dataGb.toFixed(0)} GB`,
      monthlyUsd: apiMillions * prices.cloudFrontHttpsPerMillion + dataGb * prices.cloudFrontDataOutPerGb,
    },
    {
      item: 'WAF (CloudFront + regional ACL)',
      quantity: `${load.wafWebAcls} ACLs x ${load.wafRulesPerAcl} rules, ${apiMillions.toFixed(0)} M req each`,
      monthlyUsd:
        load.wafWebAcls *
        (prices.wafWebAclPerMonth +
          load.wafRulesPerAcl * prices.wafRulePerMonth +
          apiMillions * prices.wafPerMillionRequests),
    },
  ];
  return {
    lines,
    totalUsd: lines.reduce((sum, l) => sum + l.monthlyUsd, 0),
    peakConcurrency,
    transferDurationMs: transferMs,
    readDurationMs: readMs,
    authorizerDurationMs: authMs,
    requestsPerMonth: requests,
    authorizerCallsPerMonth: authorizerCalls,
  };
}
