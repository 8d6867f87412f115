import { httpHandler, ok } from '@ledgerline/shared/http';
import { consentView } from '../domain/consent';
import { callerOf } from '../use-cases/authorize';
import { listConsents } from '../use-cases/consents';
import { responses } from '../schemas';
import { profileStore } from '../wiring';

const store = profileStore();

/**
 * GET /me/consents — the caller's current consent per purpose (never answered: not granted) and
 * every record, newest first. No profile needed. A user access token only (service tokens 403).
 */
export const handler = httpHandler(
  { name: 'list-consents', responses: { 200: responses.consentList } },
  async (request) => {
    const { consents, history } = await listConsents(store, callerOf(request.event));
    return ok({ consents, history: history.map(consentView) });
  },
);
