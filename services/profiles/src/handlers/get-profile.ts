import { httpHandler, ok } from '@ledgerline/shared/http';
import { callerOf } from '../use-cases/authorize';
import { etagOf, profileView } from '../domain/profile';
import { getProfile } from '../use-cases/profiles';
import { responses } from '../schemas';
import { profileStore } from '../wiring';

const store = profileStore();

/** GET /profiles/me — the caller's profile with its ETag; 404 if none. */
export const handler = httpHandler(
  { name: 'get-profile', responses: { 200: responses.profile } },
  async (request) => {
    const profile = await getProfile(store, callerOf(request.event));
    return ok(profileView(profile), { etag: etagOf(profile) });
  },
);
