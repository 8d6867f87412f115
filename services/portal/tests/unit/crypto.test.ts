import { hashSessionToken, newSessionToken, open, seal } from '../../src/crypto';

describe('session tokens and sealed values', () => {
  it('session tokens are 256-bit random and stored only as their SHA-256', () => {
    const token = newSessionToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newSessionToken()).not.toBe(token);
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(token)).not.toContain(token);
  });

  it('opens only with the same secret and purpose; any changed byte is refused', () => {
    const sealed = seal('cookie-token-a', 'api-tokens', '{"accessToken":"x"}');
    expect(sealed).not.toContain('accessToken');
    expect(open('cookie-token-a', 'api-tokens', sealed)).toBe('{"accessToken":"x"}');
    expect(open('cookie-token-b', 'api-tokens', sealed)).toBeUndefined();
    expect(open('cookie-token-a', 'pending-totp', sealed)).toBeUndefined();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[2] as string, 'base64url');
    body[0] = (body[0] as number) ^ 1;
    expect(
      open(
        'cookie-token-a',
        'api-tokens',
        [parts[0], parts[1], body.toString('base64url'), parts[3]].join('.'),
      ),
    ).toBeUndefined();
    expect(open('cookie-token-a', 'api-tokens', 'garbage')).toBeUndefined();
  });
});
