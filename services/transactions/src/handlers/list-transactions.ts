import { httpHandler, ok } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { DEFAULT_PAGE_SIZE, listTransactionsSchema } from '../schemas';
import { cursorKey, ledgerStore } from '../wiring';
import { listTransactions } from '../use-cases/read-transactions';
import { validators } from '../validators.generated';

const store = ledgerStore();

/** GET /accounts/{accountId}/transactions?limit=1..100&cursor=… — newest first, signed cursors. */
export const handler = httpHandler(
  { name: 'list-transactions', request: listTransactionsSchema, validators },
  async (request) =>
    ok(
      await listTransactions(store, cursorKey, requirePrincipal(request.event), request.path.accountId, {
        limit: request.query.limit ? Number(request.query.limit) : DEFAULT_PAGE_SIZE,
        ...(request.query.cursor !== undefined && { cursor: request.query.cursor }),
      }),
    ),
);
