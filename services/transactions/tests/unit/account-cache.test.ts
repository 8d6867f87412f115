import type { LedgerAccount } from '../../src/domain/accounts';
import { openCustomerAccount } from '../../src/domain/accounts';
import { AccountCache } from '../../src/use-cases/account-cache';

const account = (accountId: string, version: number): LedgerAccount => ({
  ...openCustomerAccount({
    accountId,
    ownerSub: 'u',
    currency: 'USD',
    homeRegion: 'us-east-1',
    now: '2026-01-01T00:00:00.000Z',
  }),
  posted: version * 10,
  version,
});

describe('AccountCache', () => {
  it('remembers the newest version and never goes back to an older one', () => {
    const cache = new AccountCache();
    cache.remember(account('a', 2));
    cache.remember(account('a', 1));
    expect(cache.get('a')?.version).toBe(2);
    cache.remember(account('a', 3));
    expect(cache.get('a')?.version).toBe(3);
  });

  it('forgets on request', () => {
    const cache = new AccountCache();
    cache.remember(account('a', 1));
    cache.forget('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('is bounded: evicts the least recently used account', () => {
    const cache = new AccountCache(2);
    cache.remember(account('a', 1));
    cache.remember(account('b', 1));
    cache.get('a');
    cache.remember(account('c', 1));
    expect([cache.get('a')?.accountId, cache.get('b'), cache.get('c')?.accountId]).toEqual([
      'a',
      undefined,
      'c',
    ]);
    expect(cache.size).toBe(2);
  });
});
