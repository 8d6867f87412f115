import type { EndReason, SessionRecords } from '../domain/sessions';

/**
 * Where ended sessions are recorded (the auth table, a global table: written in the region that
 * took the request, read from each region's replica). DynamoDB implements it
 * (adapters/dynamodb-revocation-store.ts); the authorizer, the auth endpoints and the profiles
 * service's device removal share that one implementation.
 */
export interface RevocationStore {
  /** Ends one token family (idempotent: the first revocation instant is kept). */
  revokeFamily(sub: string, family: string, reason: EndReason, at: Date): Promise<void>;
  /**
   * Ends every family of the user authenticated before `notBefore` (epoch seconds). Only ever moves
   * forward: an older instant than the stored one changes nothing.
   */
  raiseNotBefore(sub: string, notBefore: number, reason: EndReason, at: Date): Promise<void>;
  /** The records that decide whether a token of `family` still stands (one read). */
  recordsFor(sub: string, family: string): Promise<SessionRecords>;
  /**
   * The records of several families of one user (a device list), keyed by family: each entry holds
   * that family's revocation and the user's "not before". One BatchGetItem per 100 keys.
   */
  recordsForFamilies(sub: string, families: readonly string[]): Promise<Map<string, SessionRecords>>;
}

/** The one read the authorizer makes: whether a token's session still stands. */
export type SessionRecordsReader = Pick<RevocationStore, 'recordsFor'>;
