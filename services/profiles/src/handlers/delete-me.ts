import { httpHandler } from '@ledgerline/shared/http';
import { logger } from '@ledgerline/shared/logger';
import { erasureView } from '../domain/erasure';
import { callerSignInOf } from '../use-cases/authorize';
import { requestErasure } from '../use-cases/erasure';
import { responses } from '../schemas';
import { erasureRequestPorts } from '../wiring';

const ports = erasureRequestPorts();

/**
 * DELETE /me — erase the caller: 202 with the erasure job and `Location: /me/erasure`; the erasure
 * worker does the work. Needs a sign-in of the last 5 minutes (401 `reauthentication-required`)
 * and empty accounts (409 `balance-not-zero`). A second request answers the existing job (no-op).
 */
export const handler = httpHandler(
  { name: 'delete-me', responses: { 202: responses.erasure } },
  async (request) => {
    const { userId, authTime } = callerSignInOf(request.event);
    const { job, created } = await requestErasure(ports, { sub: userId, authTime });
    if (created) logger.info('erasure requested', { jobId: job.jobId });
    return { statusCode: 202, body: erasureView(job), headers: { location: '/me/erasure' } };
  },
);
