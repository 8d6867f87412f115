import { httpHandler } from '@ledgerline/shared/http';
import { callerOf } from '../use-cases/authorize';
import { requestExport } from '../use-cases/exports';
import { responses } from '../schemas';
import { exportJobStore } from '../wiring';

const jobs = exportJobStore();

/**
 * POST /me/exports — asks for a copy of everything the platform holds about the caller (GDPR
 * Art. 15 and 20): 202 with the job and its Location. While one is unfinished, the same job again.
 * A user access token only (service tokens 403).
 */
export const handler = httpHandler(
  { name: 'create-export', responses: { 202: responses.exportAccepted } },
  async (request) => {
    const job = await requestExport(jobs, callerOf(request.event), new Date());
    return {
      statusCode: 202,
      body: { exportId: job.exportId, status: job.status },
      headers: { location: `/me/exports/${job.exportId}`, 'cache-control': 'no-store' },
    };
  },
);
