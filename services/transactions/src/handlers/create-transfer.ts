import { httpHandler } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { createTransferSchema, MAX_BODY_BYTES } from '../schemas';
import { ledgerStore } from '../wiring';
import { ledgerMetrics } from '../wiring-metrics';
import { createTransfer } from '../use-cases/create-transfer';
import { answer } from '../http/ledger-answer';
import { createTransferValidators as validators } from '../validators.generated';

const store = ledgerStore();

/**
 * POST /transfers — moves money between two accounts of one currency, exactly once per
 * Idempotency-Key: 201 posted (or pending for a hold), 202 pending for a cross-region transfer.
 * A retry gets the first answer again (same status and body) with `Idempotent-Replayed: true`.
 */
export const handler = httpHandler(
  { name: 'create-transfer', request: createTransferSchema, validators, maxBodyBytes: MAX_BODY_BYTES },
  async (request) =>
    answer(ledgerMetrics, 'create', request.body.amount, () =>
      createTransfer(store, {
        principal: requirePrincipal(request.event),
        idempotencyKey: request.headers['idempotency-key']!,
        request: request.body,
        context: { requestId: request.requestId, sourceIp: request.sourceIp, userAgent: request.userAgent },
      }),
    ),
);
