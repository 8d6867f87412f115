import { httpHandler, ok } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { getTransferSchema } from '../schemas';
import { ledgerStore } from '../wiring';
import { getTransfer } from '../use-cases/read-ledger';
import { getTransferValidators as validators } from '../validators.generated';

const store = ledgerStore();

/** GET /transfers/{transferId} — for either side's owner (the credit side sees no audit) and back office. */
export const handler = httpHandler(
  { name: 'get-transfer', request: getTransferSchema, validators },
  async (request) => ok(await getTransfer(store, requirePrincipal(request.event), request.path.transferId)),
);
