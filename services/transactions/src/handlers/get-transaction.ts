import { httpHandler, ok } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { transactionPathSchema } from '../schemas';
import { ledgerStore } from '../wiring';
import { getTransaction } from '../use-cases/read-transactions';
import { validators } from '../validators.generated';

const store = ledgerStore();

/** GET /transactions/{transactionId} — 404 when missing or not the caller's. */
export const handler = httpHandler(
  { name: 'get-transaction', request: transactionPathSchema, validators },
  async (request) =>
    ok(await getTransaction(store, requirePrincipal(request.event), request.path.transactionId)),
);
