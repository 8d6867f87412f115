/**
 * The one place that builds this service's adapters from the environment, once per cold start;
 * handlers take their dependencies from here and hand them to the use cases as ports. (The
 * authorizer's handler wires its verifiers itself: it is its own function with its own config.)
 */
import { CognitoIdentityProvider } from './adapters/cognito-identity-provider';
import type { IdentityProvider } from './ports/identity-provider';

let provider: IdentityProvider | undefined;

/** The Cognito provider of this Lambda instance, built from the environment on first use. */
export function identityProvider(): IdentityProvider {
  provider ??= CognitoIdentityProvider.fromEnvironment();
  return provider;
}
