import { created, httpHandler, ok } from '@ledgerline/shared/http';
import { callerSessionOf } from '../use-cases/authorize';
import { sessionView } from '../domain/session';
import { putSession } from '../use-cases/profiles';
import { MAX_BODY_BYTES, putSessionSchema, responses, sessionPathSchema } from '../schemas';
import { profileStore } from '../wiring';
import { putSessionValidators as validators } from '../validators.generated';

const store = profileStore();

/**
 * PUT /profiles/me/sessions/{deviceId} — records that a device of the caller was seen, and the
 * sign-in (token family) its token belongs to: 201 for a new device, 200 for a known one. The
 * session expires 30 days after lastSeenAt (DynamoDB TTL). The caller's token just passed the
 * authorizer with that family, so the device is signed in and is the current one.
 */
export const handler = httpHandler(
  {
    name: 'put-session',
    request: { path: sessionPathSchema, body: putSessionSchema },
    validators,
    responses: { 200: responses.session, 201: responses.session },
    maxBodyBytes: MAX_BODY_BYTES,
  },
  async (request) => {
    const caller = callerSessionOf(request.event);
    const { deviceId } = request.path;
    const result = await putSession(store, caller, deviceId, request.body, new Date());
    const view = sessionView(result.session, { signedIn: true, current: true });
    return result.created ? created(`/profiles/me/sessions/${encodeURIComponent(deviceId)}`, view) : ok(view);
  },
);
