import { created, httpHandler } from '@ledgerline/shared/http';
import { consentView, monotonicClock } from '../domain/consent';
import { callerOf } from '../use-cases/authorize';
import { recordConsent } from '../use-cases/consents';
import { consentPathSchema, MAX_BODY_BYTES, putConsentSchema, responses } from '../schemas';
import { profileStore } from '../wiring';
import { putConsentValidators as validators } from '../validators.generated';

const store = profileStore();
/** Keeps the answers this container records in the order they came (see monotonicClock). */
const clock = monotonicClock();

/**
 * PUT /me/consents/{purpose} — appends the caller's answer (given or withdrawn) for one purpose,
 * with the hash of the notice shown; 201 with the record and the purpose's new state. No profile
 * needed. A user access token only (service tokens 403).
 */
export const handler = httpHandler(
  {
    name: 'put-consent',
    request: { path: consentPathSchema, body: putConsentSchema },
    validators,
    responses: { 201: responses.consentRecorded },
    maxBodyBytes: MAX_BODY_BYTES,
  },
  async (request) => {
    const userId = callerOf(request.event);
    const { record, state } = await recordConsent(
      store,
      userId,
      request.path.purpose,
      request.body,
      clock(new Date()),
    );
    return created('/me/consents', { record: consentView(record), state });
  },
);
