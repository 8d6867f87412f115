// The metrics the alarms and the dashboard read (terraform-foundation/edge): names, namespace and
// dimensions exactly as CloudWatch will extract them from the EMF lines on stdout.
import { EmfLedgerMetrics } from '../../src/adapters/emf-ledger-metrics';

interface EmfLine {
  _aws: {
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
  };
  [key: string]: unknown;
}

function capture(run: () => void): EmfLine[] {
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    write.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.includes('_aws'))
    .map((line) => JSON.parse(line) as EmfLine);
}

const metricsOf = (lines: EmfLine[]) =>
  lines.map((line) => {
    const [directive] = line._aws.CloudWatchMetrics;
    const name = directive!.Metrics[0]!.Name;
    return {
      namespace: directive!.Namespace,
      name,
      value: line[name],
      dimensions: Object.fromEntries(directive!.Dimensions[0]!.map((key) => [key, line[key]])),
    };
  });

beforeAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

describe('EmfLedgerMetrics', () => {
  it('publishes a transfer by kind and outcome, and its volume by currency', () => {
    const lines = capture(() =>
      new EmfLedgerMetrics('dev').transfer('p2p', 'posted', { value: 1_500, currency: 'USD' }),
    );

    expect(metricsOf(lines)).toEqual([
      {
        namespace: 'Ledgerline/Ledger',
        name: 'Transfers',
        value: 1,
        dimensions: {
          service: 'ledgerline-transactions',
          environment: 'dev',
          Kind: 'p2p',
          Outcome: 'posted',
        },
      },
      {
        namespace: 'Ledgerline/Ledger',
        name: 'TransferVolume',
        value: 1_500,
        dimensions: { service: 'ledgerline-transactions', environment: 'dev', Currency: 'USD' },
      },
    ]);
  });

  it('publishes the reconciliation figures the alarms watch, and a run heartbeat', () => {
    const lines = capture(() =>
      new EmfLedgerMetrics('prod').reconciliation({ imbalance: 7, violations: 2, stuckPending: 1 }),
    );

    expect(metricsOf(lines).map(({ name, value, dimensions }) => ({ name, value, dimensions }))).toEqual(
      [
        ['LedgerImbalance', 7],
        ['InvariantViolations', 2],
        ['StuckPendingTransfers', 1],
        ['ReconciliationRuns', 1],
      ].map(([name, value]) => ({
        name,
        value,
        dimensions: { service: 'ledgerline-transactions', environment: 'prod' },
      })),
    );
  });

  it('counts replays and rejections by reason, and no volume for a rejection', () => {
    const metrics = new EmfLedgerMetrics('dev');
    const lines = capture(() => {
      metrics.replay();
      metrics.rejection('insufficient-funds');
      metrics.transfer('p2p', 'rejected', { value: 5, currency: 'USD' });
    });
    expect(
      metricsOf(lines).map(({ name, dimensions }) => [name, dimensions.Reason ?? dimensions.Outcome ?? null]),
    ).toEqual([
      ['IdempotentReplays', null],
      ['TransferRejections', 'insufficient-funds'],
      ['Transfers', 'rejected'],
    ]);
  });
});
