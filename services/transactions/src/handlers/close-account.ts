import { httpHandler, ok } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { closeAccountSchema } from '../schemas';
import { personKeyRetention, sealedLedgerStore } from '../wiring';
import { closeAccount } from '../use-cases/accounts';
import { containerDeps } from '../use-cases/create-transfer';
import { closeAccountValidators as validators } from '../validators.generated';

const store = sealedLedgerStore();

/** POST /accounts/{accountId}/close — the owner closes an empty account (nothing can move in or out after). */
export const handler = httpHandler(
  { name: 'close-account', request: closeAccountSchema, validators },
  async (request) =>
    ok(
      await closeAccount(
        store,
        requirePrincipal(request.event),
        request.path.accountId,
        containerDeps,
        personKeyRetention,
      ),
    ),
);
