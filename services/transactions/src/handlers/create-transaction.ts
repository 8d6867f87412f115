import { httpHandler } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { createTransactionSchema, MAX_BODY_BYTES } from '../schemas';
import { ledgerStore } from '../wiring';
import { recordTransaction } from '../use-cases/record-transaction';
import { validators } from '../validators.generated';

const store = ledgerStore();

/**
 * POST /accounts/{accountId}/transactions — a credit or debit, exactly once per Idempotency-Key.
 * A retry gets the first answer again (same status and body) with `Idempotent-Replayed: true`.
 */
export const handler = httpHandler(
  { name: 'create-transaction', request: createTransactionSchema, validators, maxBodyBytes: MAX_BODY_BYTES },
  async (request) => {
    const { response, replayed } = await recordTransaction(store, {
      principal: requirePrincipal(request.event),
      accountId: request.path.accountId,
      idempotencyKey: request.headers['idempotency-key']!,
      command: request.body,
      context: { requestId: request.requestId, sourceIp: request.sourceIp, userAgent: request.userAgent },
    });
    return {
      statusCode: response.statusCode,
      body: JSON.parse(response.body) as unknown,
      headers: { location: response.location, ...(replayed && { 'idempotent-replayed': 'true' }) },
    };
  },
);
