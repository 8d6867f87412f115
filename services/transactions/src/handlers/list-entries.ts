import { httpHandler, ok } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { DEFAULT_PAGE_SIZE, listEntriesSchema } from '../schemas';
import { cursorKey, ledgerStore } from '../wiring';
import { listEntries } from '../use-cases/read-ledger';
import { listEntriesValidators as validators } from '../validators.generated';

const store = ledgerStore();

/** GET /accounts/{accountId}/entries?from&to&limit&cursor — statement lines, newest first, signed cursors. */
export const handler = httpHandler(
  { name: 'list-entries', request: listEntriesSchema, validators },
  async (request) => {
    const { limit, cursor, from, to } = request.query;
    return ok(
      await listEntries(store, cursorKey, requirePrincipal(request.event), request.path.accountId, {
        limit: limit ? Number(limit) : DEFAULT_PAGE_SIZE,
        ...(cursor !== undefined && { cursor }),
        ...(from !== undefined && { from }),
        ...(to !== undefined && { to }),
      }),
    );
  },
);
