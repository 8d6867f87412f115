/**
 * The portal's configuration, read once from the environment. On ECS the task definition
 * (terraform-foundation/portal/modules/region/ecs.tf) sets PORT, HEALTH_PATH, PORTAL_REGION,
 * PORTAL_ROLE, STAGE, DB_* and API_BASE_URL; locally `npm start` sets DATABASE_URL (PGlite) and one
 * API URL per service. Anything wrong stops the process at start-up with every problem listed.
 */
import { dirname, join, resolve } from 'node:path';

export type ApiService = 'auth' | 'transactions' | 'profiles';

export interface PortalConfig {
  port: number;
  host: string;
  healthPath: string;
  livenessPath: string;
  region: string;
  role: 'primary' | 'standby' | 'local';
  stage: string;
  /** Writer and reader connection strings; `embedded` starts PGlite in-process (local only). */
  database:
    | { writerUrl: string; readerUrl: string; ssl: boolean | { rejectUnauthorized: boolean; ca?: string } }
    | 'embedded';
  /** Base URL of each API (on AWS all three are the edge's api_base_url). */
  api: Record<ApiService, string>;
  apiTimeoutMs: number;
  session: { idleMs: number; absoluteMs: number };
  /** Secure cookies and HSTS; false only for plain-HTTP local runs where the browser refuses Secure cookies. */
  secureCookies: boolean;
  /**
   * Secret for the short-lived sealed cookie (pending TOTP sign-in) and the CSRF tokens (≥ 32 bytes).
   * Unset (the normal case), the portal creates one in its database on first start and every task
   * reads the same one (db/app-secrets.ts): no extra secret to provision or rotate by hand.
   */
  cookieSecret?: string;
  /** Proxy hops in front of the portal whose X-Forwarded-For entries are trusted (CloudFront + ALB = 2). */
  trustProxyHops: number;
  /** Sign-in attempts per client IP per window before 429. */
  signInLimit: { max: number; windowMs: number };
  assetsDir: string;
  logLevel: string;
  drainTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`portal configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer in [${min}, ${max}], got '${raw}'`);
      return fallback;
    }
    return value;
  };
  const url = (name: string, value: string | undefined) => {
    if (!value) return '';
    try {
      const parsed = new URL(value);
      if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error('scheme');
      return trimSlash(value);
    } catch {
      problems.push(`${name} must be an http(s) URL, got '${value}'`);
      return '';
    }
  };

  const onAws = Boolean(env.PORTAL_ROLE);
  const role = (env.PORTAL_ROLE ?? 'local') as PortalConfig['role'];
  if (!['primary', 'standby', 'local'].includes(role))
    problems.push(`PORTAL_ROLE must be primary or standby, got '${role}'`);

  let database: PortalConfig['database'] = 'embedded';
  if (env.DATABASE_URL) {
    database = {
      writerUrl: env.DATABASE_URL,
      readerUrl: env.DATABASE_READER_URL || env.DATABASE_URL,
      ssl: false,
    };
  } else if (env.DB_HOST) {
    const missing = ['DB_NAME', 'DB_USERNAME', 'DB_PASSWORD'].filter((name) => !env[name]);
    if (missing.length > 0) problems.push(`DB_HOST is set but ${missing.join(', ')} missing`);
    const port = int('DB_PORT', 5432, 1, 65535);
    const auth = `${encodeURIComponent(env.DB_USERNAME ?? '')}:${encodeURIComponent(env.DB_PASSWORD ?? '')}`;
    const at = (host: string) =>
      `postgres://${auth}@${host}:${port}/${encodeURIComponent(env.DB_NAME ?? '')}`;
    database = {
      writerUrl: at(env.DB_HOST),
      readerUrl: at(env.DB_READER_HOST || env.DB_HOST),
      // Aurora speaks TLS, verified against the RDS CA bundle the image adds (NODE_EXTRA_CA_CERTS).
      ssl: { rejectUnauthorized: true, ...(env.DB_SSL_CA ? { ca: env.DB_SSL_CA } : {}) },
    };
  } else if (onAws) {
    problems.push('on AWS (PORTAL_ROLE set) the database must be configured (DB_HOST or DATABASE_URL)');
  }

  const base = url('API_BASE_URL', env.API_BASE_URL);
  const api = {
    auth: url('API_AUTH_URL', env.API_AUTH_URL) || base,
    transactions: url('API_TRANSACTIONS_URL', env.API_TRANSACTIONS_URL) || base,
    profiles: url('API_PROFILES_URL', env.API_PROFILES_URL) || base,
  };
  for (const [service, value] of Object.entries(api)) {
    if (!value)
      problems.push(`no API URL for ${service}: set API_BASE_URL (or API_${service.toUpperCase()}_URL)`);
  }

  const cookieSecret = env.PORTAL_COOKIE_SECRET;
  if (cookieSecret !== undefined && Buffer.byteLength(cookieSecret) < 32)
    problems.push('PORTAL_COOKIE_SECRET must be at least 32 bytes');

  const healthPath = env.HEALTH_PATH ?? '/healthz';
  if (!/^\/[A-Za-z0-9_/-]{1,100}$/.test(healthPath))
    problems.push(`HEALTH_PATH must be a path, got '${healthPath}'`);

  const config: PortalConfig = {
    port: int('PORT', 3000, 1, 65535),
    host: env.HOST ?? (onAws ? '0.0.0.0' : '127.0.0.1'),
    healthPath,
    livenessPath: env.LIVENESS_PATH ?? '/livez',
    region: env.PORTAL_REGION ?? 'local',
    role,
    stage: env.STAGE ?? 'dev',
    database,
    api,
    apiTimeoutMs: int('API_TIMEOUT_MS', 8_000, 100, 60_000),
    session: {
      idleMs: int('SESSION_IDLE_MINUTES', 15, 1, 120) * 60_000,
      absoluteMs: int('SESSION_ABSOLUTE_HOURS', 12, 1, 24) * 3_600_000,
    },
    secureCookies: env.PORTAL_INSECURE_COOKIES !== 'true' || onAws,
    ...(cookieSecret ? { cookieSecret } : {}),
    trustProxyHops: int('TRUST_PROXY_HOPS', onAws ? 2 : 0, 0, 5),
    signInLimit: { max: int('SIGN_IN_LIMIT', 10, 1, 1000), windowMs: 15 * 60_000 },
    assetsDir: resolve(env.PORTAL_ASSETS_DIR ?? join(dirname(__filename), '..')),
    logLevel: env.LOG_LEVEL ?? 'info',
    drainTimeoutMs: int('DRAIN_TIMEOUT_MS', 25_000, 1_000, 110_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
