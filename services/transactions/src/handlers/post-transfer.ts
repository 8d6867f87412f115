import { httpHandler } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { MAX_BODY_BYTES, postTransferSchema } from '../schemas';
import { ledgerStore } from '../wiring';
import { ledgerMetrics } from '../wiring-metrics';
import { resolveHold } from '../use-cases/holds';
import { answer } from '../http/ledger-answer';
import { postTransferValidators as validators } from '../validators.generated';

const store = ledgerStore();

/** POST /transfers/{transferId}/post — posts a pending hold, in full or in part (the rest is released), exactly once per Idempotency-Key. */
export const handler = httpHandler(
  { name: 'post-transfer', request: postTransferSchema, validators, maxBodyBytes: MAX_BODY_BYTES },
  async (request) =>
    answer(ledgerMetrics, 'post', undefined, () =>
      resolveHold(store, {
        principal: requirePrincipal(request.event),
        transferId: request.path.transferId,
        action: 'post',
        ...(request.body.amount !== undefined && { amount: request.body.amount }),
        idempotencyKey: request.headers['idempotency-key']!,
      }),
    ),
);
