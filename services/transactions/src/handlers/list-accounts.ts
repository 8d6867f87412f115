import { httpHandler, ok } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { DEFAULT_PAGE_SIZE, listAccountsSchema } from '../schemas';
import { cursorKey, sealedLedgerStore } from '../wiring';
import { listAccounts } from '../use-cases/read-ledger';
import { listAccountsValidators as validators } from '../validators.generated';

const store = sealedLedgerStore();

/** GET /accounts?limit&cursor&owner — one person's accounts, newest first, signed cursors. */
export const handler = httpHandler(
  { name: 'list-accounts', request: listAccountsSchema, validators },
  async (request) => {
    const { limit, cursor, owner } = request.query;
    return ok(
      await listAccounts(store, cursorKey, requirePrincipal(request.event), {
        limit: limit ? Number(limit) : DEFAULT_PAGE_SIZE,
        ...(cursor !== undefined && { cursor }),
        ...(owner !== undefined && { owner }),
      }),
    );
  },
);
