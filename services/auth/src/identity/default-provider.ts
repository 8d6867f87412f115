import { CognitoIdentityProvider } from './cognito-identity-provider';
import type { IdentityProvider } from './identity-provider';

let provider: IdentityProvider | undefined;

/** The Cognito provider of this Lambda instance, built from the environment on first use. */
export function identityProvider(): IdentityProvider {
  provider ??= CognitoIdentityProvider.fromEnvironment();
  return provider;
}
