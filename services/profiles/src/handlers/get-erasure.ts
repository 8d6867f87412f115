import { httpHandler, ok } from '@ledgerline/shared/http';
import { erasureView } from '../domain/erasure';
import { callerOf } from '../use-cases/authorize';
import { erasureOf } from '../use-cases/erasure';
import { responses } from '../schemas';
import { erasureStore } from '../wiring';

const store = erasureStore();

/**
 * GET /me/erasure — the caller's erasure job: status, each step's state, timestamps (404 if they
 * never asked). Readable until the job revokes the caller's tokens (its first step).
 */
export const handler = httpHandler(
  { name: 'get-erasure', responses: { 200: responses.erasure } },
  async (request) => ok(erasureView(await erasureOf(store, callerOf(request.event)))),
);
