import { httpHandler, noContent } from '@ledgerline/shared/http';
import { logger } from '@ledgerline/shared/logger';
import { callerOf } from '../use-cases/authorize';
import { deleteProfile } from '../use-cases/profiles';
import { profileStore } from '../wiring';

const store = profileStore();

/** DELETE /profiles/me — removes the caller's profile and all their sessions; 404 if none. */
export const handler = httpHandler({ name: 'delete-profile' }, async (request) => {
  await deleteProfile(store, callerOf(request.event));
  logger.info('profile deleted');
  return noContent();
});
