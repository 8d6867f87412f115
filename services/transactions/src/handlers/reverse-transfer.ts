import { httpHandler } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { MAX_BODY_BYTES, reverseTransferSchema } from '../schemas';
import { ledgerStore } from '../wiring';
import { ledgerMetrics } from '../wiring-metrics';
import { reverseTransfer } from '../use-cases/reverse-transfer';
import { answer } from '../http/ledger-answer';
import { reverseTransferValidators as validators } from '../validators.generated';

const store = ledgerStore();

/** POST /transfers/{transferId}/reverse — back office undoes a posted transfer with a new, linked one (once). */
export const handler = httpHandler(
  { name: 'reverse-transfer', request: reverseTransferSchema, validators, maxBodyBytes: MAX_BODY_BYTES },
  async (request) =>
    answer(ledgerMetrics, 'reverse', undefined, () =>
      reverseTransfer(store, {
        principal: requirePrincipal(request.event),
        transferId: request.path.transferId,
        idempotencyKey: request.headers['idempotency-key']!,
        ...(request.body.description !== undefined && { description: request.body.description }),
        context: { requestId: request.requestId, sourceIp: request.sourceIp, userAgent: request.userAgent },
      }),
    ),
);
