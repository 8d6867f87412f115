import { ConfigError, loadConfig } from '../../src/config';

const LOCAL = { API_BASE_URL: 'http://127.0.0.1:3002/dev' };
const AWS = {
  PORTAL_ROLE: 'primary',
  PORTAL_REGION: 'ap-southeast-1',
  STAGE: 'prod',
  PORT: '8080',
  HEALTH_PATH: '/healthz',
  DB_HOST: 'writer.cluster-abc.ap-southeast-1.rds.amazonaws.com',
  DB_READER_HOST: 'reader.cluster-ro-abc.ap-southeast-1.rds.amazonaws.com',
  DB_PORT: '5432',
  DB_NAME: 'portal',
  DB_USERNAME: 'portal_admin',
  DB_PASSWORD: 'p@ss/word:with#chars',
  API_BASE_URL: 'https://api.ledgerline.example.com/',
  PORTAL_COOKIE_SECRET: 'x'.repeat(48),
};

describe('loadConfig', () => {
  it('locally: embedded database, loopback, the cookie secret from the database, no proxy trusted', () => {
    const config = loadConfig(LOCAL);
    expect(config.database).toBe('embedded');
    expect(config.host).toBe('127.0.0.1');
    expect(config.cookieSecret).toBeUndefined();
    expect(config.trustProxyHops).toBe(0);
    expect(config.api).toEqual({
      auth: LOCAL.API_BASE_URL,
      transactions: LOCAL.API_BASE_URL,
      profiles: LOCAL.API_BASE_URL,
    });
  });

  it('on ECS: the task definition contract (DB_* with an escaped password, writer and reader, TLS, 2 proxy hops)', () => {
    const config = loadConfig(AWS);
    expect(config.port).toBe(8080);
    expect(config.host).toBe('0.0.0.0');
    expect(config.role).toBe('primary');
    expect(config.trustProxyHops).toBe(2);
    expect(config.secureCookies).toBe(true);
    expect(config.api.transactions).toBe('https://api.ledgerline.example.com');
    if (config.database === 'embedded') throw new Error('expected a configured database');
    expect(config.database.writerUrl).toBe(
      'postgres://portal_admin:p%40ss%2Fword%3Awith%23chars@writer.cluster-abc.ap-southeast-1.rds.amazonaws.com:5432/portal',
    );
    expect(config.database.readerUrl).toContain('@reader.cluster-ro-abc');
    expect(config.database.ssl).toEqual({ rejectUnauthorized: true });
  });

  it.each([
    ['no database on AWS', { ...AWS, DB_HOST: undefined }, /database must be configured/],
    ['a short cookie secret', { ...AWS, PORTAL_COOKIE_SECRET: 'short' }, /at least 32 bytes/],
    ['no API URL', { ...AWS, API_BASE_URL: undefined }, /no API URL for auth/],
    ['a bad port', { ...AWS, PORT: '70000' }, /PORT must be an integer/],
    ['a bad role', { ...AWS, PORTAL_ROLE: 'tertiary' }, /PORTAL_ROLE/],
    ['a non-http API URL', { ...AWS, API_BASE_URL: 'ftp://x' }, /API_BASE_URL must be an http/],
  ])('refuses %s', (_name, env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });

  it('insecure cookies only off AWS', () => {
    expect(loadConfig({ ...LOCAL, PORTAL_INSECURE_COOKIES: 'true' }).secureCookies).toBe(false);
    expect(loadConfig({ ...AWS, PORTAL_INSECURE_COOKIES: 'true' }).secureCookies).toBe(true);
  });
});
