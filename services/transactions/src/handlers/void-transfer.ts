import { httpHandler } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { MAX_BODY_BYTES, voidTransferSchema } from '../schemas';
import { ledgerStore } from '../wiring';
import { ledgerMetrics } from '../wiring-metrics';
import { resolveHold } from '../use-cases/holds';
import { answer } from '../http/ledger-answer';
import { voidTransferValidators as validators } from '../validators.generated';

const store = ledgerStore();

/** POST /transfers/{transferId}/void — releases a pending hold, exactly once per Idempotency-Key. */
export const handler = httpHandler(
  { name: 'void-transfer', request: voidTransferSchema, validators, maxBodyBytes: MAX_BODY_BYTES },
  async (request) =>
    answer(ledgerMetrics, 'void', undefined, () =>
      resolveHold(store, {
        principal: requirePrincipal(request.event),
        transferId: request.path.transferId,
        action: 'void',

        idempotencyKey: request.headers['idempotency-key']!,
      }),
    ),
);
