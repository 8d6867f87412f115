import { httpHandler, ok } from '@ledgerline/shared/http';
import { callerOf } from '../use-cases/authorize';
import { sessionView } from '../domain/session';
import { listSessions } from '../use-cases/profiles';
import { responses } from '../schemas';
import { profileStore } from '../wiring';

const store = profileStore();

/** GET /profiles/me/sessions — the caller's live sessions, most recently seen first. */
export const handler = httpHandler(
  { name: 'list-sessions', responses: { 200: responses.sessionList } },
  async (request) => {
    const sessions = await listSessions(store, callerOf(request.event), new Date());
    return ok({ sessions: sessions.map(sessionView) });
  },
);
