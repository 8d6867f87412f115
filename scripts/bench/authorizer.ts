// Warm verification time of the auth service's JWT authorizer with cached keys (goal:
// p50 <= 50 µs). Real RS256 tokens checked against a JWKS served on 127.0.0.1 (fetched once, then
// cached, as in a warm Lambda) and HS256 service tokens with the cached signing key.
// Run: npx tsx scripts/bench/authorizer.ts [iterations]   (also part of `npm run bench`)
import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from 'jsonwebtoken';
import { accessTokenVerifier } from '../../services/auth/src/authorizer/access-token-verifier';
import { authorize } from '../../services/auth/src/authorizer/authorize';
import type { AuthorizerConfig } from '../../services/auth/src/authorizer/config';
import { serviceTokenVerifier } from '../../services/auth/src/authorizer/service-token-verifier';
import { SigningKeyCache } from '../../services/auth/src/authorizer/signing-key-cache';

const GOAL_P50_US = 50;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(
  label: string,
  iterations: number,
  run: () => Promise<unknown>,
): Promise<{ label: string; p50: number; p99: number }> {
  const warmup = Math.min(2_000, Math.max(10, iterations));
  for (let i = 0; i < warmup; i += 1) await run();
  const samples = new Array<number>(iterations);
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    await run();
    samples[i] = Number(process.hrtime.bigint() - start) / 1_000;
  }
  samples.sort((a, b) => a - b);
  return { label, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export interface AuthorizerResult {
  label: string;
  p50: number;
  p99: number;
}

/** Runs the authorizer bench, prints p50/p99 (µs) and returns them. */
export async function benchAuthorizer(iterations = 20_000): Promise<AuthorizerResult[]> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/us-east-1_Bench`;
  const secret = 'k'.repeat(64);
  const config: AuthorizerConfig = {
    accessToken: { issuer, jwksUri: `${issuer}/.well-known/jwks.json`, clientIds: ['bench-client'] },
    serviceToken: {
      issuers: ['ledgerline-backoffice'],
      audience: 'ledgerline-api-bench',
      secretName: 'n/a',
      localKeyFile: undefined,
    },
    isOffline: true,
  };
  const service = serviceTokenVerifier(
    config.serviceToken,
    new SigningKeyCache({ name: 'bench', fetch: async () => secret }),
  );
  // Signature and claims only: no session ended (the revocation read is measured on its own).
  const verifiers = {
    access: accessTokenVerifier(config.accessToken),
    service: () => service,
    sessions: { recordsFor: async () => ({}) },
  };

  const now = Math.floor(Date.now() / 1000);
  const access = sign(
    {
      sub: 'u',
      iss: issuer,
      client_id: 'bench-client',
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      origin_jti: 'bench-family',
      auth_time: now,
      iat: now,
      exp: now + 900,
    },
    privateKey,
    { algorithm: 'RS256', keyid: 'bench' },
  );
  const serviceToken = sign(
    {
      iss: 'ledgerline-backoffice',
      sub: 'job',
      aud: 'ledgerline-api-bench',
      scope: 'transactions:read',
      exp: now + 3600,
    },
    createSecretKey(Buffer.from(secret)),
    { algorithm: 'HS256' },
  );

  const results = [
    await measure('access token (RS256, cached JWKS)', iterations, () =>
      authorize(`Bearer ${access}`, config, verifiers),
    ),
    await measure('service token (HS256, cached key)', iterations, () =>
      authorize(`Bearer ${serviceToken}`, config, verifiers),
    ),
  ];
  server.close();

  console.log(
    `authorizer warm verify, ${iterations} iterations each (node ${process.version}, ${process.arch})`,
  );
  for (const r of results) {
    const verdict = r.p50 <= GOAL_P50_US ? 'ok' : `ABOVE the ${GOAL_P50_US} µs goal`;
    console.log(
      `  ${r.label.padEnd(36)} p50 ${r.p50.toFixed(1).padStart(7)} µs   p99 ${r.p99.toFixed(1).padStart(7)} µs   ${verdict}`,
    );
  }
  return results;
}

if (require.main === module) void benchAuthorizer(Number(process.argv[2] ?? 20_000));
