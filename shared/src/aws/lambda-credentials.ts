import { fromEnv } from '@aws-sdk/credential-provider-env';
import { loadFullCredentialChain } from './full-credential-chain';

type DefaultProviderInit = Parameters<typeof fromEnv>[0] & { profile?: string };
type AwsCredentialIdentityProvider = ReturnType<typeof fromEnv>;

/**
 * The SDK's default credential chain, as the deployed bundles ship it: esbuild aliases
 * `@aws-sdk/credential-provider-node` to this module (serverless.common.yml, `custom.esbuild.alias`).
 *
 * Lambda gives a function its role's credentials in the environment, which is the chain's first
 * step; the rest (SSO, ini files, credential_process, web identity, ECS, IMDS, with the STS/SSO
 * clients they need) is ~100 KB that every cold start would parse and no Lambda uses. So: when
 * `AWS_PROFILE` is unset and the environment holds a key pair — always the case on Lambda — this
 * is exactly `fromEnv()`, the step the full chain would take; otherwise (a developer's
 * `sls invoke local` with a profile) the full chain is loaded from node_modules at run time, where
 * it exists, and behaves as without the alias.
 *
 * @example
 * new DynamoDBClient({}); // its runtime config calls defaultProvider() from here in a bundle
 */
export function defaultProvider(init: DefaultProviderInit = {}): AwsCredentialIdentityProvider {
  let fullChain: Promise<AwsCredentialIdentityProvider> | undefined;
  return async (properties) => {
    const profile = init.profile ?? process.env.AWS_PROFILE;
    if (!profile && process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) {
      return fromEnv(init)(properties);
    }
    fullChain ??= loadFullCredentialChain(init) as Promise<AwsCredentialIdentityProvider>;
    return (await fullChain)(properties);
  };
}
