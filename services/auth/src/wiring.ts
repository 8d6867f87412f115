/**
 * The one place that builds this service's adapters from the environment, once per cold start;
 * handlers take their dependencies from here and hand them to the use cases as ports. (The
 * authorizer's handler wires its verifiers itself: it is its own function with its own config.)
 */
import { CognitoIdentityProvider } from './adapters/cognito-identity-provider';
import { DynamoDbRevocationStore } from './adapters/dynamodb-revocation-store';
import type { IdentityProvider } from './ports/identity-provider';
import type { RevocationStore } from './ports/revocation-store';
import type { SessionPorts } from './use-cases/sessions';

let provider: IdentityProvider | undefined;
let store: RevocationStore | undefined;

/** The Cognito provider of this Lambda instance, built from the environment on first use. */
export function identityProvider(): IdentityProvider {
  provider ??= CognitoIdentityProvider.fromEnvironment();
  return provider;
}

/** The revocation records (the auth table of this stage, in this region). */
export function revocationStore(): RevocationStore {
  store ??= DynamoDbRevocationStore.fromEnvironment();
  return store;
}

/** What the session flows (logout, logout-all, lock, MFA reset, refresh) need. */
export function sessionPorts(): SessionPorts {
  return { provider: identityProvider(), store: revocationStore(), now: () => new Date() };
}
