import { ProblemError } from '@ledgerline/shared/errors';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Profile, ProfileFields, ProfilePatch } from '../domain/profile';
import { applyPatch, newProfile, requireConditional, requireIfMatch } from '../domain/profile';
import type { Session, SessionInput } from '../domain/session';
import { isLive, toSession } from '../domain/session';
import type { ProfileStore } from '../ports/profile-store';

// The profiles use cases: the rules of ../domain/profile.ts and ../domain/session.ts around the
// store port. Every function takes the caller's user id from the verified token (./authorize.ts),
// never from input.

const noProfile = () =>
  new ProblemError('not-found', { detail: 'You have no profile yet: create it with POST /profiles.' });

/**
 * Creates the caller's profile; 409 if it exists.
 *
 * @example
 * const profile = await createProfile(store, principal.sub, request.body, new Date());
 */
export async function createProfile(
  store: ProfileStore,
  userId: string,
  fields: ProfileFields,
  now: Date,
): Promise<Profile> {
  const profile = newProfile(userId, fields, now);
  if ((await store.createProfile(profile)) === 'exists') {
    throw new ProblemError('conflict', {
      detail: 'You already have a profile: change it with PATCH /profiles/me.',
    });
  }
  return profile;
}

/** The caller's profile; 404 if none. */
export async function getProfile(store: ProfileStore, userId: string): Promise<Profile> {
  const profile = await store.getProfile(userId);
  if (!profile) throw noProfile();
  return profile;
}

/** Read-modify-write attempts for `If-Match: *` before answering 409 (nothing written, retry). */
export const wildcardPatchPolicy = { maxAttempts: 8, maxDelayMs: 50 };

/**
 * Applies a merge patch under optimistic locking: 428 without If-Match, 404 without a profile,
 * 412 when If-Match is not the current ETag or another write wins the race. `If-Match: *` means
 * "whatever is current" (RFC 9110 §13.1.1): when another write wins the race, the patch is applied
 * again to the new current profile (bounded; then 409 with Retry-After, nothing written), never 412.
 *
 * @example
 * await updateProfile(store, sub, request.headers['if-match'], request.body, new Date());
 */
export async function updateProfile(
  store: ProfileStore,
  userId: string,
  ifMatch: string | undefined,
  patch: ProfilePatch,
  now: Date,
  pause: (ms: number) => Promise<unknown> = sleep,
): Promise<Profile> {
  const wildcard = requireConditional(ifMatch).trim() === '*';
  for (let attempt = 1; ; attempt += 1) {
    const current = await getProfile(store, userId);
    requireIfMatch(ifMatch, current);
    const next = applyPatch(current, patch, now);
    if ((await store.replaceProfile(next, current)) === 'replaced') return next;
    if (!wildcard) {
      throw new ProblemError('precondition-failed', {
        detail: 'The profile changed while your update was applied: read it again and reapply your change.',
      });
    }
    if (attempt >= wildcardPatchPolicy.maxAttempts) {
      throw new ProblemError('conflict', {
        detail: 'The profile is being changed by other requests; nothing was written. Retry shortly.',
        headers: { 'retry-after': '1' },
      });
    }
    await pause(Math.floor(Math.random() * wildcardPatchPolicy.maxDelayMs));
  }
}

/** Deletes the caller's profile and all their sessions; 404 if there was no profile. */
export async function deleteProfile(store: ProfileStore, userId: string): Promise<void> {
  if (!(await store.deleteProfile(userId))) throw noProfile();
}

/**
 * Creates or refreshes the session of one device; 404 without a profile.
 *
 * @example
 * const { session, created } = await putSession(store, sub, deviceId, request.body, new Date());
 */
export async function putSession(
  store: ProfileStore,
  userId: string,
  deviceId: string,
  input: SessionInput,
  now: Date,
): Promise<{ session: Session; created: boolean }> {
  const session = toSession(userId, deviceId, input, now);
  const outcome = await store.putSession(session);
  if (outcome === 'no-profile') throw noProfile();
  if (outcome === 'created') return { session, created: true };
  const { createdAt: _createdAt, ...updated } = session;
  return { session: updated as Session, created: false };
}

/** The caller's live sessions, most recently seen first; 404 without a profile. */
export async function listSessions(store: ProfileStore, userId: string, now: Date): Promise<Session[]> {
  const { profileExists, sessions } = await store.listSessions(userId);
  if (!profileExists) throw noProfile();
  return sessions
    .filter((session) => isLive(session, now))
    .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
}

/** Deletes one of the caller's sessions; 404 if that device has none. */
export async function deleteSession(store: ProfileStore, userId: string, deviceId: string): Promise<void> {
  if (!(await store.deleteSession(userId, deviceId))) {
    throw new ProblemError('not-found', { detail: 'This device has no session.' });
  }
}
