import { ProblemError } from '@ledgerline/shared/errors';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Profile, ProfileFields, ProfilePatch } from '../domain/profile';
import { applyPatch, newProfile, requireConditional, requireIfMatch } from '../domain/profile';
import type { RevocationStore } from '@ledgerline/auth/revocation';
import type { DeviceStatus, Session, SessionInput } from '../domain/session';
import { deviceStatus, isLive, toSession } from '../domain/session';
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
 * Creates or refreshes the session of one device, recording the token family (sign-in) of the
 * caller's token; 404 without a profile.
 *
 * @example
 * const { session, created } = await putSession(store, caller, deviceId, request.body, new Date());
 */
export async function putSession(
  store: ProfileStore,
  caller: { userId: string; tokenFamily: string },
  deviceId: string,
  input: SessionInput,
  now: Date,
): Promise<{ session: Session; created: boolean }> {
  const session = toSession(caller.userId, deviceId, input, now, caller.tokenFamily);
  const outcome = await store.putSession(session);
  if (outcome === 'no-profile') throw noProfile();
  if (outcome === 'created') return { session, created: true };
  const { createdAt: _createdAt, ...updated } = session;
  return { session: updated as Session, created: false };
}

/**
 * The caller's live sessions, most recently seen first, each with whether its device is signed in
 * and whether it is the caller's own device; 404 without a profile. One read of the revocation
 * records for all the families (RevocationStore.recordsForFamilies).
 *
 * @example
 * const sessions = await listSessions({ store, revocations }, caller, new Date());
 */
export async function listSessions(
  ports: { store: ProfileStore; revocations: Pick<RevocationStore, 'recordsForFamilies'> },
  caller: { userId: string; tokenFamily?: string },
  now: Date,
): Promise<Array<{ session: Session; status: DeviceStatus }>> {
  const { profileExists, sessions } = await ports.store.listSessions(caller.userId);
  if (!profileExists) throw noProfile();
  const live = sessions
    .filter((session) => isLive(session, now))
    .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
  const families = live.flatMap((session) =>
    session.tokenFamily === undefined ? [] : [session.tokenFamily],
  );
  const records =
    families.length > 0 ? await ports.revocations.recordsForFamilies(caller.userId, families) : new Map();
  return live.map((session) => ({
    session,
    status: deviceStatus(
      session,
      session.tokenFamily === undefined ? undefined : records.get(session.tokenFamily),
      caller.tokenFamily,
    ),
  }));
}

/** Read-revoke-delete rounds when the device signs in anew meanwhile, before answering 409. */
export const MAX_DELETE_SESSION_ATTEMPTS = 3;

/**
 * Removes one of the caller's devices and signs it out: its token family is revoked FIRST (the
 * authorizer then refuses its tokens), then the session is deleted. If the delete fails, a retry
 * revokes again (idempotent) and deletes; the other order could lose the revocation. The delete
 * only succeeds while the session still has the family that was revoked, so a device that signed
 * in anew meanwhile is revoked on the next round. A session without a family (stored before they
 * were recorded) is only deleted. 404 if that device has no session.
 *
 * @example
 * await deleteSession({ store, revocations }, principal.sub, deviceId, new Date());
 */
export async function deleteSession(
  ports: { store: ProfileStore; revocations: Pick<RevocationStore, 'revokeFamily'> },
  userId: string,
  deviceId: string,
  now: Date,
): Promise<void> {
  for (let attempt = 1; attempt <= MAX_DELETE_SESSION_ATTEMPTS; attempt += 1) {
    const session = await ports.store.getSession(userId, deviceId);
    if (!session) {
      if (attempt === 1) throw new ProblemError('not-found', { detail: 'This device has no session.' });
      // Deleted by a concurrent request after we revoked the family we read: signed out either way.
      return;
    }
    if (session.tokenFamily !== undefined) {
      await ports.revocations.revokeFamily(userId, session.tokenFamily, 'device-removed', now);
    }
    if (await ports.store.deleteSession(userId, deviceId, session.tokenFamily)) return;
  }
  throw new ProblemError('conflict', {
    detail: 'The device kept signing in while it was being removed; retry shortly.',
    headers: { 'retry-after': '1' },
  });
}
