import { created, httpHandler } from '@ledgerline/shared/http';
import { logger } from '@ledgerline/shared/logger';
import { callerOf } from '../use-cases/authorize';
import { etagOf, profileView } from '../domain/profile';
import { createProfile } from '../use-cases/profiles';
import { createProfileSchema, MAX_BODY_BYTES, responses } from '../schemas';
import { profileStore } from '../wiring';
import { createProfileValidators as validators } from '../validators.generated';

const store = profileStore();

/** POST /profiles — creates the caller's own profile (from the token `sub`); 409 if it exists. */
export const handler = httpHandler(
  {
    name: 'create-profile',
    request: { body: createProfileSchema },
    validators,
    responses: { 201: responses.profile },
    maxBodyBytes: MAX_BODY_BYTES,
  },
  async (request) => {
    const userId = callerOf(request.event);
    const profile = await createProfile(store, userId, request.body, new Date());
    logger.info('profile created', { version: profile.version });
    return created('/profiles/me', profileView(profile), { etag: etagOf(profile) });
  },
);
