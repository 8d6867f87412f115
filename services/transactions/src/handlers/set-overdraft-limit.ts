import { httpHandler, ok } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { MAX_BODY_BYTES, setOverdraftLimitSchema } from '../schemas';
import { sealedLedgerStore } from '../wiring';
import { setOverdraftLimit } from '../use-cases/accounts';
import { setOverdraftLimitValidators as validators } from '../validators.generated';

const store = sealedLedgerStore();

/** PUT /accounts/{accountId}/overdraft-limit — back office sets how far the account may go below zero. */
export const handler = httpHandler(
  { name: 'set-overdraft-limit', request: setOverdraftLimitSchema, validators, maxBodyBytes: MAX_BODY_BYTES },
  async (request) =>
    ok(
      await setOverdraftLimit(
        store,
        requirePrincipal(request.event),
        request.path.accountId,
        request.body.limit,
      ),
    ),
);
