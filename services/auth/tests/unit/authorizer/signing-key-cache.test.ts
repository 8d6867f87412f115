import { SigningKeyCache } from '../../../src/authorizer/signing-key-cache';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

function setup(values: Array<string | Error>) {
  let clock = 1_000_000;
  const fetch = jest.fn(async () => {
    const next = values.length > 1 ? values.shift() : values[0];
    if (next instanceof Error) throw next;
    return next as string;
  });
  const cache = new SigningKeyCache(
    { name: 'test', fetch },
    { maxAgeMs: 300_000, minForcedRefetchIntervalMs: 60_000, now: () => clock },
  );
  return { cache, fetch, advance: (ms: number) => (clock += ms) };
}

describe('SigningKeyCache', () => {
  it('fetches once and serves the cached key until maxAge', async () => {
    const { cache, fetch, advance } = setup([KEY_A, KEY_B]);
    const first = await cache.current();
    advance(299_000);
    expect((await cache.current()).equals(first)).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
    advance(2_000);
    expect((await cache.current()).export().toString()).toBe(KEY_B);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('shares one in-flight fetch between concurrent callers', async () => {
    const { cache, fetch } = setup([KEY_A]);
    await Promise.all([cache.current(), cache.current(), cache.current()]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('returns a new key after a rotation, and nothing when the key did not change', async () => {
    const { cache, advance } = setup([KEY_A, KEY_B]);
    await cache.current();
    expect((await cache.refreshAfterSignatureFailure())?.export().toString()).toBe(KEY_B);
    advance(61_000);
    expect(await cache.refreshAfterSignatureFailure()).toBeUndefined();
  });

  it('refetches after a signature failure at most once per interval', async () => {
    const { cache, fetch, advance } = setup([KEY_A]);
    await cache.current();
    for (let i = 0; i < 50; i += 1) await cache.refreshAfterSignatureFailure();
    expect(fetch).toHaveBeenCalledTimes(2);
    advance(60_000);
    await cache.refreshAfterSignatureFailure();
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('keeps the cached key when a refresh fails, and fails without one', async () => {
    const { cache, advance } = setup([KEY_A, new Error('throttled')]);
    await cache.current();
    advance(301_000);
    expect((await cache.current()).export().toString()).toBe(KEY_A);
    await expect(setup([new Error('down')]).cache.current()).rejects.toThrow('down');
  });

  it('refuses keys shorter than 256 bits', async () => {
    await expect(setup(['short']).cache.current()).rejects.toThrow(/shorter than 32 bytes/);
  });
});
