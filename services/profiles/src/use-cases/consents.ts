import type { ConsentInput, ConsentPurpose, ConsentRecord, ConsentState } from '../domain/consent';
import { currentConsents, newConsentRecord, sortHistory } from '../domain/consent';
import type { ProfileStore } from '../ports/profile-store';

// The consent use cases. Consents need no profile: a user may refuse marketing before creating one.
// The caller's user id comes from the verified token (./authorize.ts), never from input.

/**
 * Appends the caller's answer for one purpose (giving and withdrawing are the same call) and
 * returns the record with the purpose's new state. A retried request appends a second record with
 * the same answer: harmless in an append-only log whose state is the latest record.
 *
 * @example
 * await recordConsent(store, userId, 'marketing', { granted: false, noticeVersion }, new Date());
 */
export async function recordConsent(
  store: Pick<ProfileStore, 'appendConsent'>,
  userId: string,
  purpose: ConsentPurpose,
  input: ConsentInput,
  now: Date,
): Promise<{ record: ConsentRecord; state: ConsentState }> {
  const record = newConsentRecord(purpose, input, now);
  await store.appendConsent(userId, record);
  const state = currentConsents([record]).find((s) => s.purpose === purpose) as ConsentState;
  return { record, state };
}

/**
 * The caller's current consent per purpose (opt-in: never answered is not granted) and the full
 * history, newest first, from one read.
 *
 * @example
 * const { consents, history } = await listConsents(store, userId);
 */
export async function listConsents(
  store: Pick<ProfileStore, 'listConsents'>,
  userId: string,
): Promise<{ consents: ConsentState[]; history: ConsentRecord[] }> {
  const history = sortHistory(await store.listConsents(userId));
  return { consents: currentConsents(history), history };
}
