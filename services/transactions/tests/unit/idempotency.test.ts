import { canonicalJson, idempotencyScope, isLive, requestFingerprint } from '../../src/domain/idempotency';
import { IDEMPOTENCY_KEY_PATTERN } from '../../src/domain/idempotency';

const path = '/accounts/acc_aaaaaaaaaaaaaaaaaaaa/transactions';
const body = { type: 'debit', amount: { value: 100, currency: 'USD' }, description: 'Coffee' };

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }, 1], c: null })).toBe(
      '{"a":[{"c":3,"d":2},1],"b":1,"c":null}',
    );
  });

  it('escapes strings as JSON does (no ambiguity between keys and values)', () => {
    expect(canonicalJson({ 'a":1,"b': 2 })).toBe('{"a\\":1,\\"b":2}');
  });
});

describe('requestFingerprint', () => {
  it('is the same for the same request whatever the key order or whitespace', () => {
    const reordered = JSON.parse(
      '{ "description": "Coffee", "amount": {"currency":"USD","value":100}, "type":"debit" }',
    );
    expect(requestFingerprint('POST', path, reordered)).toBe(requestFingerprint('post', path, body));
    expect(requestFingerprint('POST', path, body)).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['another amount', 'POST', path, { ...body, amount: { value: 101, currency: 'USD' } }],
    ['another currency', 'POST', path, { ...body, amount: { value: 100, currency: 'EUR' } }],
    ['another type', 'POST', path, { ...body, type: 'credit' }],
    ['no description', 'POST', path, { type: 'debit', amount: { value: 100, currency: 'USD' } }],
    ['another account', 'POST', path.replace('aaaa', 'bbbb'), body],
    ['another method', 'PUT', path, body],
  ])('differs for %s', (_case, method, otherPath, otherBody) => {
    expect(requestFingerprint(method, otherPath, otherBody)).not.toBe(requestFingerprint('POST', path, body));
  });
});

describe('idempotencyScope', () => {
  it('separates callers and cannot be confused by the separator', () => {
    expect(idempotencyScope('alice', 'k')).not.toBe(idempotencyScope('bob', 'k'));
    expect(idempotencyScope('a\nb', 'c')).toBe(idempotencyScope('a', 'b\nc')); // sub never contains \n
    expect(idempotencyScope('alice', 'k')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('isLive', () => {
  const record = {
    scope: 's',
    fingerprint: 'f',
    createdAt: '',
    response: { statusCode: 201, location: '/', body: '{}' },
  };
  it('is true strictly before expiresAt (TTL deletion may lag)', () => {
    expect(isLive({ ...record, expiresAt: 100 }, 99)).toBe(true);
    expect(isLive({ ...record, expiresAt: 100 }, 100)).toBe(false);
  });
});

describe('the Idempotency-Key pattern', () => {
  const pattern = new RegExp(IDEMPOTENCY_KEY_PATTERN);
  it.each([
    ['a', true],
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', true],
    ['with inner space', true],
    ['~'.repeat(255), true],
    ['~'.repeat(256), false],
    ['', false],
    [' leading', false],
    ['trailing ', false],
    ['tab\there', false],
    ['ünïcode', false],
  ])('%p → %p', (key, valid) => {
    expect(pattern.test(key)).toBe(valid);
  });
});
