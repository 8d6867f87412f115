import { httpHandler, ok } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { accountPathSchema } from '../schemas';
import { sealedLedgerStore } from '../wiring';
import { getAccount } from '../use-cases/accounts';
import { getAccountValidators as validators } from '../validators.generated';

const store = sealedLedgerStore();

/** GET /accounts/{accountId} — 404 when missing or not the caller's. */
export const handler = httpHandler(
  { name: 'get-account', request: { path: accountPathSchema }, validators },
  async (request) => ok(await getAccount(store, requirePrincipal(request.event), request.path.accountId)),
);
