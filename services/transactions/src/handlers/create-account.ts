import { runtimeConfig } from '@ledgerline/shared/config';
import { created, httpHandler } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { createAccountSchema, MAX_BODY_BYTES } from '../schemas';
import { personKeyRetention, sealedLedgerStore } from '../wiring';
import { createAccount } from '../use-cases/accounts';
import { createAccountValidators as validators } from '../validators.generated';

const store = sealedLedgerStore();
const { region } = runtimeConfig();

/** POST /accounts — a user opens an account in one currency, homed in this region. */
export const handler = httpHandler(
  { name: 'create-account', request: createAccountSchema, validators, maxBodyBytes: MAX_BODY_BYTES },
  async (request) => {
    const principal = requirePrincipal(request.event, { tokenType: 'access' });
    const account = await createAccount(
      store,
      principal,
      request.body,
      region,
      undefined,
      personKeyRetention,
    );
    return created(`/accounts/${account.accountId}`, account);
  },
);
