import { httpHandler, noContent } from '@ledgerline/shared/http';
import { callerOf } from '../use-cases/authorize';
import { deleteSession } from '../use-cases/profiles';
import { sessionPathSchema } from '../schemas';
import { profileStore } from '../wiring';
import { validators } from '../validators.generated';

const store = profileStore();

/** DELETE /profiles/me/sessions/{deviceId} — forgets one of the caller's devices; 404 if unknown. */
export const handler = httpHandler(
  { name: 'delete-session', request: { path: sessionPathSchema }, validators },
  async (request) => {
    await deleteSession(store, callerOf(request.event), request.path.deviceId);
    return noContent();
  },
);
