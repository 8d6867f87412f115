import { httpHandler, ok } from '@ledgerline/shared/http';
import { callerOf } from '../use-cases/authorize';
import { exportStatus } from '../use-cases/exports';
import { exportPathSchema, responses } from '../schemas';
import { exportJobStore, exportLinks } from '../wiring';
import { getExportValidators as validators } from '../validators.generated';

const jobs = exportJobStore();

/**
 * GET /me/exports/{exportId} — the caller's export; once ready, links to its two files valid for
 * at most 15 minutes. Never cached (the links are bearer credentials). Another person's id: 404.
 */
export const handler = httpHandler(
  {
    name: 'get-export',
    request: { path: exportPathSchema },
    validators,
    responses: { 200: responses.exportStatus },
  },
  async (request) => {
    const view = await exportStatus(
      jobs,
      exportLinks(),
      callerOf(request.event),
      request.path.exportId,
      new Date(),
    );
    return ok(view, { 'cache-control': 'no-store' });
  },
);
