type Identity = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type Provider = (properties?: Record<string, unknown>) => Promise<Identity>;

/** Loaded from node_modules at run time, never bundled: the name is computed, so esbuild leaves it. */
const FULL_CHAIN_MODULE = ['@aws-sdk', 'credential-provider-node'].join('/');

/**
 * The SDK's whole default credential chain (SSO, ini files, credential_process, web identity, ECS,
 * IMDS), loaded where it is installed: a developer's `sls invoke local` with a profile. Deployed
 * bundles do not carry it (Lambda's credentials are in the environment), so there it rejects with
 * the reason.
 *
 * @example
 * const provider = await loadFullCredentialChain({ profile: 'dev' });
 */
export async function loadFullCredentialChain(init: object = {}): Promise<Provider> {
  try {
    const chain = (await import(FULL_CHAIN_MODULE)) as {
      defaultProvider: (options: object) => Provider;
    };
    return chain.defaultProvider(init);
  } catch (error) {
    throw new Error(
      'No AWS credentials in the environment, and the full credential chain is not installed ' +
        '(a deployed bundle carries only the environment step)',
      { cause: error },
    );
  }
}
