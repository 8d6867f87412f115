// cognito-local for the local stack and the auth tests: an ephemeral user pool (state in a temp
// dir, gone after stop), one mobile app client, and an ephemeral service-token signing key.
// The authorizer verifies cognito-local's real RS256 signatures through its JWKS, the same code
// path as on AWS; only the issuer URL differs (docs/auth.md, "Local stack").
//
// Standalone: `npx tsx scripts/local/cognito-local.ts` prints the env and keeps running.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { PASSWORD_POLICY } from '../../services/auth/src/domain/credentials';
import { TOKEN_VALIDITY } from '../../services/auth/src/domain/sessions';
import type { ManagedProcess } from './processes';
import { delay, findFreePort, startProcess } from './processes';
import { repoRoot } from '../lib/repo';

const START_SCRIPT = join(repoRoot, 'node_modules/cognito-local/lib/bin/start.js');
/**
 * Preloaded into cognito-local: makes it behave as Amazon Cognito where sessions depend on it (token
 * families, auth_time on refresh, disabled users, global sign-out; docs/auth.md, "Where cognito-local
 * differs, and the shim").
 */
const FAITHFUL_SHIM = join(repoRoot, 'scripts/local/cognito-local-faithful.cjs');
export const LOCAL_SERVICE_TOKEN_ISSUER = 'ledgerline-backoffice';
/**
 * Scopes of the sample service token the local stack prints: everything the ledger's back office
 * may do (deposits, withdrawals and holds, fees and reversals, reads; docs/transactions.md).
 */
export const SAMPLE_SERVICE_SCOPES = 'ledger:deposit ledger:withdraw ledger:admin transactions:read';

export interface LocalCognito {
  endpoint: string;
  poolId: string;
  clientId: string;
  /** `http://127.0.0.1:<port>/<poolId>`: the `iss` of its tokens and the base of its JWKS. */
  issuer: string;
  /** File holding this run's service-token signing key (mode 0600, deleted on stop). */
  serviceKeyFile: string;
  process: ManagedProcess;
  /** Environment of the auth handlers (endpoints and authorizer) when run in process (tests). */
  serviceEnv(stage: string): Record<string, string>;
  /**
   * `--param` arguments for `sls offline` of the auth service (services/auth/resources/functions.yml):
   * serverless-offline passes no process environment to handlers, so the local values go as params.
   */
  offlineParams(): string[];
  /** The sign-up confirmation code cognito-local stored for `email`. */
  confirmationCode(email: string): Promise<string>;
  /** A service token signed with this run's key (for calling service routes locally). */
  serviceToken(stage: string, scope: string, subject?: string, ttlSeconds?: number): string;
  stop(): Promise<void>;
}

export interface StartCognitoLocalOptions {
  /** Default: a free port. */
  port?: number;
  onLine?: (line: string) => void;
  /** Own process group (default true); tests pass false. */
  detached?: boolean;
  readyTimeoutMs?: number;
}

/** Starts cognito-local in a temp dir and creates the pool and the mobile client. */
export async function startCognitoLocal(options: StartCognitoLocalOptions = {}): Promise<LocalCognito> {
  const port = options.port ?? (await findFreePort());
  const dir = mkdtempSync(join(tmpdir(), 'ledgerline-cognito-'));
  const endpoint = `http://127.0.0.1:${port}`;
  const child = startProcess(process.execPath, ['--require', FAITHFUL_SHIM, START_SCRIPT], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEBUG: '' },
    detached: options.detached ?? true,
    onLine: options.onLine,
  });
  const cleanUp = async () => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const client = new CognitoIdentityProviderClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await waitUntilReady(endpoint, child, options.readyTimeoutMs ?? 15_000);
    const pool = await client.send(
      new CreateUserPoolCommand({
        PoolName: 'ledgerline-users-local',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        // Optional TOTP MFA, as the deployed pool (resources/cognito.yml).
        MfaConfiguration: 'OPTIONAL',
        Policies: {
          PasswordPolicy: {
            MinimumLength: PASSWORD_POLICY.minimumLength,
            RequireUppercase: PASSWORD_POLICY.requireUppercase,
            RequireLowercase: PASSWORD_POLICY.requireLowercase,
            RequireNumbers: PASSWORD_POLICY.requireNumbers,
            RequireSymbols: PASSWORD_POLICY.requireSymbols,
          },
        },
      }),
    );
    const poolId = pool.UserPool?.Id ?? '';
    const appClient = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'ledgerline-mobile-local',
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        // The deployed client's lifetimes (the authorizer refuses longer-lived access tokens).
        AccessTokenValidity: TOKEN_VALIDITY.accessTokenMinutes,
        IdTokenValidity: TOKEN_VALIDITY.idTokenMinutes,
        RefreshTokenValidity: TOKEN_VALIDITY.refreshTokenDays,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        EnableTokenRevocation: true,
      }),
    );
    client.destroy();
    const clientId = appClient.UserPoolClient?.ClientId ?? '';
    const issuer = `${endpoint}/${poolId}`;
    const serviceKey = randomBytes(48).toString('base64url');
    const serviceKeyFile = join(dir, 'service-token-signing-key');
    writeFileSync(serviceKeyFile, serviceKey, { mode: 0o600 });

    return {
      endpoint,
      poolId,
      clientId,
      issuer,
      serviceKeyFile,
      process: child,
      serviceEnv: (stage) => ({
        USER_POOL_ID: poolId,
        USER_POOL_CLIENT_ID: clientId,
        USER_POOL_CLIENT_IDS: clientId,
        USER_POOL_REGION: 'us-east-1',
        COGNITO_ENDPOINT: endpoint,
        COGNITO_ISSUER: issuer,
        SERVICE_TOKEN_ISSUERS: LOCAL_SERVICE_TOKEN_ISSUER,
        SERVICE_TOKEN_AUDIENCE: `ledgerline-api-${stage}`,
        LOCAL_SERVICE_TOKEN_KEY_FILE: serviceKeyFile,
      }),
      offlineParams: () =>
        Object.entries({
          localUserPoolId: poolId,
          localUserPoolClientId: clientId,
          localCognitoEndpoint: endpoint,
          localCognitoIssuer: issuer,
          localServiceTokenKeyFile: serviceKeyFile,
        }).flatMap(([name, value]) => ['--param', `${name}=${value}`]),
      confirmationCode: async (email) => {
        const db = JSON.parse(await readFile(join(dir, '.cognito/db', `${poolId}.json`), 'utf8')) as {
          Users?: Record<
            string,
            { ConfirmationCode?: string; Attributes?: Array<{ Name: string; Value: string }> }
          >;
        };
        const user = Object.values(db.Users ?? {}).find((u) =>
          u.Attributes?.some((a) => a.Name === 'email' && a.Value === email.trim().toLowerCase()),
        );
        if (!user?.ConfirmationCode) throw new Error(`cognito-local has no confirmation code for ${email}`);
        return user.ConfirmationCode;
      },
      serviceToken: (stage, scope, subject = 'local-backoffice', ttlSeconds = 900) =>
        sign({ scope, sub: subject }, serviceKey, {
          algorithm: 'HS256',
          issuer: LOCAL_SERVICE_TOKEN_ISSUER,
          audience: `ledgerline-api-${stage}`,
          expiresIn: ttlSeconds,
        }),
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function waitUntilReady(endpoint: string, child: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | string | undefined;
  void child.exited.then((code) => (exited = code));
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`cognito-local exited (${exited}):\n${child.recentOutput()}`);
    try {
      await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await delay(100);
    }
  }
  throw new Error(`cognito-local did not answer on ${endpoint} within ${timeoutMs} ms`);
}

if (require.main === module) {
  void (async () => {
    const stage = process.env.LOCAL_STAGE ?? 'dev';
    const cognito = await startCognitoLocal({ port: Number(process.env.COGNITO_LOCAL_PORT ?? 9229) });
    console.log(JSON.stringify(cognito.serviceEnv(stage), null, 2));
    console.log(`service token (scope "${SAMPLE_SERVICE_SCOPES}", 15 min):`);
    console.log(cognito.serviceToken(stage, SAMPLE_SERVICE_SCOPES));
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.on(signal, () => void cognito.stop().then(() => process.exit(0)));
  })();
}
