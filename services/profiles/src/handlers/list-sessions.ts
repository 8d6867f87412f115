import { httpHandler, ok } from '@ledgerline/shared/http';
import { callerSessionOf } from '../use-cases/authorize';
import { sessionView } from '../domain/session';
import { listSessions } from '../use-cases/profiles';
import { responses } from '../schemas';
import { profileStore, revocationStore } from '../wiring';

const ports = { store: profileStore(), revocations: revocationStore() };

/**
 * GET /profiles/me/sessions — the caller's live sessions, most recently seen first, each with
 * whether its device is signed in and whether it is the caller's device.
 */
export const handler = httpHandler(
  { name: 'list-sessions', responses: { 200: responses.sessionList } },
  async (request) => {
    const sessions = await listSessions(ports, callerSessionOf(request.event), new Date());
    return ok({ sessions: sessions.map(({ session, status }) => sessionView(session, status)) });
  },
);
