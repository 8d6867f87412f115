/** The AWS reads of real and emulated runs (SDK clients loaded on demand; the endpoint when emulated). */
import type { Ctx } from './context';
import { PRIMARY, REGIONS, type Region } from './options';

export async function stackOutputs(
  ctx: Ctx,
  service: string,
  region: Region,
): Promise<Record<string, string> | undefined> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient({
    region,
    ...(ctx.options.endpoint && { endpoint: ctx.options.endpoint }),
  });
  try {
    const { Stacks } = await client.send(
      new DescribeStacksCommand({ StackName: `ledgerline-${service}-${ctx.options.stage}` }),
    );
    const stack = Stacks?.[0];
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return undefined;
    return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return undefined;
    throw error;
  } finally {
    client.destroy();
  }
}

export async function remainingStacks(ctx: Ctx): Promise<string[]> {
  const { CloudFormationClient, ListStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const left: string[] = [];
  for (const region of REGIONS) {
    const client = new CloudFormationClient({
      region,
      ...(ctx.options.endpoint && { endpoint: ctx.options.endpoint }),
    });
    try {
      let NextToken: string | undefined;
      do {
        const page = await client.send(new ListStacksCommand({ NextToken }));
        for (const s of page.StackSummaries ?? []) {
          if (
            s.StackStatus !== 'DELETE_COMPLETE' &&
            s.StackName?.startsWith('ledgerline-') &&
            s.StackName.endsWith(`-${ctx.options.stage}`)
          ) {
            left.push(`${region}/${s.StackName} (${s.StackStatus})`);
          }
        }
        NextToken = page.NextToken;
      } while (NextToken);
    } finally {
      client.destroy();
    }
  }
  return left;
}

/** The origin-verify value, read from Secrets Manager for edge; never printed, never written. */
export async function originVerifyValue(ctx: Ctx): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({
    region: PRIMARY,
    ...(ctx.options.endpoint && { endpoint: ctx.options.endpoint }),
  });
  try {
    const name = ctx.core?.secret_names?.['origin-verify'] ?? `ledgerline/${ctx.options.stage}/origin-verify`;
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: name }));
    if (!SecretString) throw new Error(`secret ${name} has no value (core generate_secret_values=false?)`);
    return SecretString;
  } finally {
    client.destroy();
  }
}

export async function callerAccountId(ctx: Ctx): Promise<string> {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const client = new STSClient({
    region: PRIMARY,
    ...(ctx.options.endpoint && { endpoint: ctx.options.endpoint }),
  });
  try {
    const { Account } = await client.send(new GetCallerIdentityCommand({}));
    if (!Account) throw new Error('sts get-caller-identity returned no account');
    return Account;
  } finally {
    client.destroy();
  }
}
