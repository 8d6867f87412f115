import { httpHandler, noContent } from '@ledgerline/shared/http';
import { callerOf } from '../use-cases/authorize';
import { deleteSession } from '../use-cases/profiles';
import { sessionPathSchema } from '../schemas';
import { profileStore, revocationStore } from '../wiring';
import { deleteSessionValidators as validators } from '../validators.generated';

const ports = { store: profileStore(), revocations: revocationStore() };

/**
 * DELETE /profiles/me/sessions/{deviceId} — forgets one of the caller's devices and signs it out
 * (its token family is revoked: the authorizer refuses its tokens); 404 if unknown. The caller's
 * own device may be removed: that is a logout of this device.
 */
export const handler = httpHandler(
  { name: 'delete-session', request: { path: sessionPathSchema }, validators },
  async (request) => {
    await deleteSession(ports, callerOf(request.event), request.path.deviceId, new Date());
    return noContent();
  },
);
