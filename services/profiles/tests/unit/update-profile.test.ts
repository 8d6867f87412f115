import { ProblemError } from '@ledgerline/shared/errors';
import type { Profile } from '../../src/domain/profile';
import { etagOf, newProfile } from '../../src/domain/profile';
import { updateProfile, wildcardPatchPolicy } from '../../src/use-cases/profiles';
import type { ProfileStore } from '../../src/ports/profile-store';

/**
 * A one-profile store whose `replaceProfile` loses the race `losses` times: each time another
 * writer bumps the stored version first (what two concurrent PATCHes do to each other).
 */
function racingStore(initial: Profile, losses: number) {
  let stored = initial;
  let remaining = losses;
  const store = {
    getProfile: async () => stored,
    replaceProfile: async (next: Profile, expected: Pick<Profile, 'version' | 'createdAt'>) => {
      if (remaining > 0) {
        remaining -= 1;
        stored = { ...stored, version: stored.version + 1, locale: 'de-DE' };
        return 'stale' as const;
      }
      if (stored.version !== expected.version || stored.createdAt !== expected.createdAt)
        return 'stale' as const;
      stored = next;
      return 'replaced' as const;
    },
  } as unknown as ProfileStore;
  return { store, current: () => stored };
}

const now = new Date('2026-11-22T10:00:00.000Z');
const profile = newProfile('user-1', { displayName: 'Alice', email: 'alice@example.com' }, now);
const noPause = async () => undefined;

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemError);
  return error as ProblemError;
}

describe('updateProfile under concurrent writers', () => {
  it('If-Match: * re-applies the patch to the new current profile when another write wins (never 412)', async () => {
    const { store, current } = racingStore(profile, 3);
    const next = await updateProfile(store, 'user-1', '*', { displayName: 'Alice B' }, now, noPause);
    expect(current()).toEqual(next);
    // Applied on top of the concurrent writers' changes (version 1 → 4 by them, → 5 by us).
    expect([next.version, next.displayName, next.locale]).toEqual([5, 'Alice B', 'de-DE']);
  });

  it('If-Match: * gives up after a bounded number of lost races with 409 + Retry-After, nothing written', async () => {
    const { store, current } = racingStore(profile, wildcardPatchPolicy.maxAttempts);
    const problem = await problemOf(updateProfile(store, 'user-1', '*', { displayName: 'X' }, now, noPause));
    expect([problem.status, problem.headers['retry-after']]).toEqual([409, '1']);
    expect(current().displayName).toBe('Alice');
  });

  it('a specific ETag that loses the race is 412 at once (the client must re-read)', async () => {
    const { store, current } = racingStore(profile, 1);
    const problem = await problemOf(
      updateProfile(store, 'user-1', etagOf(profile), { displayName: 'X' }, now, noPause),
    );
    expect(problem.status).toBe(412);
    expect(current().displayName).toBe('Alice');
  });
});
