import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Money } from '../domain/money';
import type { LedgerMetrics } from '../ports/ledger-metrics';

/** The namespace and dimensions the Terraform alarms and dashboard name (terraform-foundation/edge). */
export const METRICS_NAMESPACE = 'Ledgerline/Ledger';
export const METRICS_SERVICE = 'ledgerline-transactions';

/**
 * LedgerMetrics as CloudWatch Embedded Metric Format lines on stdout (Powertools Metrics): no API
 * call and no added latency; CloudWatch Logs extracts the metrics. Each data point is a single
 * metric with its own dimension set (Kind/Outcome, Currency, Reason), published at once, so a
 * handler needs no flush step. `POWERTOOLS_METRICS_DISABLED=true` silences it (tests, local stack).
 *
 * @example
 * const metrics = new EmfLedgerMetrics('dev');
 * metrics.transfer('p2p', 'posted', { value: 1500, currency: 'USD' });
 */
export class EmfLedgerMetrics implements LedgerMetrics {
  private readonly metrics: Metrics;

  constructor(stage: string) {
    this.metrics = new Metrics({
      namespace: METRICS_NAMESPACE,
      serviceName: METRICS_SERVICE,
      defaultDimensions: { environment: stage },
    });
  }

  private point(
    name: string,
    unit: (typeof MetricUnit)[keyof typeof MetricUnit],
    value: number,
    dimensions: Record<string, string> = {},
  ): void {
    const single = this.metrics.singleMetric();
    for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
    single.addMetric(name, unit, value);
  }

  transfer(kind: string, outcome: string, amount?: Money): void {
    this.point('Transfers', MetricUnit.Count, 1, { Kind: kind, Outcome: outcome });
    if (amount && outcome !== 'rejected') {
      this.point('TransferVolume', MetricUnit.NoUnit, amount.value, { Currency: amount.currency });
    }
  }

  replay(): void {
    this.point('IdempotentReplays', MetricUnit.Count, 1);
  }

  rejection(reason: string): void {
    this.point('TransferRejections', MetricUnit.Count, 1, { Reason: reason });
  }

  reconciliation(figures: { imbalance: number; violations: number; stuckPending: number }): void {
    this.point('LedgerImbalance', MetricUnit.NoUnit, figures.imbalance);
    this.point('InvariantViolations', MetricUnit.Count, figures.violations);
    this.point('StuckPendingTransfers', MetricUnit.Count, figures.stuckPending);
    this.point('ReconciliationRuns', MetricUnit.Count, 1);
  }
}
