import type { ConsentRecord } from '../domain/consent';
import type { Profile } from '../domain/profile';
import type { Session } from '../domain/session';

/**
 * The port the profiles domain talks to. One implementation, ./dynamodb-profile-store.ts; the
 * domain's unit tests use an in-memory fake. Every method is scoped to one user: no method can
 * reach another user's items, because the user id is the partition key and always comes from the
 * verified token, never from the request.
 */
export interface ProfileStore {
  /** Writes a new profile unless one exists. */
  createProfile(profile: Profile): Promise<'created' | 'exists'>;
  /** A strongly consistent read of the user's profile. */
  getProfile(userId: string): Promise<Profile | undefined>;
  /**
   * Replaces the profile only if the stored one still has `expected`'s version and creation time
   * (optimistic locking); `stale` otherwise, including when it was deleted meanwhile.
   */
  replaceProfile(
    next: Profile,
    expected: Pick<Profile, 'version' | 'createdAt'>,
  ): Promise<'replaced' | 'stale'>;
  /**
   * Deletes the profile and every session of the user (never the consent records: they outlive the
   * profile, as proof, until the account is erased); false when there was no profile.
   */
  deleteProfile(userId: string): Promise<boolean>;
  /**
   * Creates or replaces a session, atomically with a check that the user's profile exists
   * (`no-profile` otherwise). Keeps the original `createdAt` on replace, and the stored
   * `tokenFamilySince` while the token family stays the same.
   */
  putSession(session: Session): Promise<'created' | 'updated' | 'no-profile'>;
  /** The user's sessions (expired ones included), and whether the profile exists. */
  listSessions(userId: string): Promise<{ profileExists: boolean; sessions: Session[] }>;
  /** A strongly consistent read of one session. */
  getSession(userId: string, deviceId: string): Promise<Session | undefined>;
  /**
   * Deletes one session if it still has the token family `tokenFamily` (undefined: none), so a
   * family recorded after the caller read the session is never dropped unrevoked; false when the
   * session is gone or its family changed.
   */
  deleteSession(userId: string, deviceId: string, tokenFamily: string | undefined): Promise<boolean>;
  /** Appends one consent record; never replaces or deletes one (append-only). */
  appendConsent(userId: string, record: ConsentRecord): Promise<void>;
  /** Every consent record of the user, newest first (one strongly consistent Query). */
  listConsents(userId: string): Promise<ConsentRecord[]>;
}
