import { httpHandler, ok } from '@ledgerline/shared/http';
import { logger } from '@ledgerline/shared/logger';
import { callerOf } from '../use-cases/authorize';
import { etagOf, profileView } from '../domain/profile';
import { updateProfile } from '../use-cases/profiles';
import { MAX_BODY_BYTES, responses, updateProfileSchema } from '../schemas';
import { profileStore } from '../wiring';
import { updateProfileValidators as validators } from '../validators.generated';

const store = profileStore();

/**
 * PATCH /profiles/me — JSON Merge Patch under optimistic locking: If-Match required (428), 412 when
 * it is stale. Answers with the new profile and ETag.
 */
export const handler = httpHandler(
  {
    name: 'update-profile',
    request: { body: updateProfileSchema },
    validators,
    responses: { 200: responses.profile },
    maxBodyBytes: MAX_BODY_BYTES,
  },
  async (request) => {
    const userId = callerOf(request.event);
    const ifMatch = request.headers['if-match'];
    const profile = await updateProfile(store, userId, ifMatch, request.body, new Date());
    logger.info('profile updated', { version: profile.version, fields: Object.keys(request.body) });
    return ok(profileView(profile), { etag: etagOf(profile) });
  },
);
