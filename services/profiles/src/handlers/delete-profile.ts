import { noContent } from '@ledgerline/shared/http/responses';
import { httpHandler } from '@ledgerline/shared/http/handler';
import { logger } from '@ledgerline/shared/logger';
import { callerOf } from '../use-cases/authorize';
import { deleteProfile } from '../use-cases/profiles';
import { profileStore } from '../wiring';

/** DELETE /profiles/me — removes the caller's profile and all their sessions; 404 if none. */
export const handler = httpHandler({ name: 'delete-profile' }, async (request) => {
  await deleteProfile(profileStore, callerOf(request.event));
  logger.info('profile deleted');
  return noContent();
});
