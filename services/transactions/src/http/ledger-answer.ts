import { ProblemError } from '@ledgerline/shared/errors';
import type { Money } from '../domain/money';
import type { LedgerMetrics } from '../ports/ledger-metrics';
import type { LedgerAnswer } from '../use-cases/create-transfer';

/**
 * The HTTP answer of a money-moving use case: its stored response (first answer or replay, with
 * `Idempotent-Replayed: true`), counted in the business metrics on the way out.
 *
 * @example
 * return answer(metrics, 'create', body.amount, () => createTransfer(store, input));
 */
export async function answer(
  metrics: LedgerMetrics,
  action: 'create' | 'post' | 'void' | 'reverse',
  amount: Money | undefined,
  run: () => Promise<LedgerAnswer>,
) {
  let result: LedgerAnswer;
  try {
    result = await run();
  } catch (error) {
    if (error instanceof ProblemError && error.status < 500) metrics.rejection(error.slug);
    throw error;
  }
  const { response, replayed } = result;
  const body = JSON.parse(response.body) as {
    transfer: { kind: string; status: string; postedAmount: Money };
  };
  if (replayed) metrics.replay();
  else {
    const { kind, status } = body.transfer;
    const outcome = status === 'pending' ? 'pending' : status === 'posted' ? 'posted' : 'voided';
    metrics.transfer(
      action === 'create' && status === 'pending' ? 'hold' : kind,
      outcome,
      amount ?? body.transfer.postedAmount,
    );
  }
  return {
    statusCode: response.statusCode,
    body,
    headers: { location: response.location, ...(replayed && { 'idempotent-replayed': 'true' }) },
  };
}
