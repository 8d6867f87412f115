/**
 * The auth service's revocation records, for the other services that end or show sessions (the
 * profiles service's device sessions): one implementation of the records and their rules, so a
 * device removed in profiles is refused by the authorizer exactly like a logout.
 *
 * @example
 * import { DynamoDbRevocationStore } from '@ledgerline/auth/revocation';
 * await DynamoDbRevocationStore.fromEnvironment().revokeFamily(sub, family, 'device-removed', new Date());
 */
export { DynamoDbRevocationStore } from './adapters/dynamodb-revocation-store';
export type { RevocationStore } from './ports/revocation-store';
export type { EndReason, SessionClaims, SessionRecords, SessionVerdict } from './domain/sessions';
export { notBeforeFor, sessionVerdict } from './domain/sessions';
