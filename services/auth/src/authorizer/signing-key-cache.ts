import type { KeyObject } from 'node:crypto';
import { createSecretKey } from 'node:crypto';
import { logger } from '@ledgerline/shared/logger';
import type { SecretSource } from './secret-source';

/** HS256 keys shorter than this are refused (RFC 7518 §3.2: at least the hash size, 256 bits). */
export const MIN_KEY_BYTES = 32;

export interface SigningKeyCacheOptions {
  /** How long a fetched key is used before it is fetched again (default 5 min). */
  maxAgeMs?: number;
  /** Minimum time between two forced refetches after a signature failure (default 60 s). */
  minForcedRefetchIntervalMs?: number;
  now?: () => number;
}

/**
 * Caches the service-token signing key for the life of the Lambda instance and refreshes it after
 * `maxAgeMs`. After a rotation, tokens signed with the new key fail against the cached old one:
 * `refreshAfterSignatureFailure()` refetches at most once per `minForcedRefetchIntervalMs`, so a
 * stream of forged tokens cannot turn into one Secrets Manager call per request.
 * Concurrent callers share one in-flight fetch. If a refresh fails while a key is cached, the
 * cached key keeps being used (logged) so that a Secrets Manager hiccup does not lock everyone out.
 */
export class SigningKeyCache {
  private key: KeyObject | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private lastForcedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<KeyObject> | undefined;
  private readonly maxAgeMs: number;
  private readonly minForcedRefetchIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: SecretSource,
    options: SigningKeyCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 300_000;
    this.minForcedRefetchIntervalMs = options.minForcedRefetchIntervalMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The cached key, fetched first if missing or older than `maxAgeMs`. */
  async current(): Promise<KeyObject> {
    if (this.key && this.now() - this.fetchedAt < this.maxAgeMs) return this.key;
    return this.refresh();
  }

  /**
   * Called when a signature did not verify with the cached key. Returns a NEW key to retry with, or
   * undefined when the key did not change or a forced refetch happened too recently.
   */
  async refreshAfterSignatureFailure(): Promise<KeyObject | undefined> {
    if (this.now() - this.lastForcedAt < this.minForcedRefetchIntervalMs) return undefined;
    this.lastForcedAt = this.now();
    const before = this.key;
    const after = await this.refresh();
    return before && after.equals(before) ? undefined : after;
  }

  private refresh(): Promise<KeyObject> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(): Promise<KeyObject> {
    try {
      const value = await this.source.fetch();
      const bytes = Buffer.from(value, 'utf8');
      if (bytes.length < MIN_KEY_BYTES)
        throw new Error(`${this.source.name}: key shorter than ${MIN_KEY_BYTES} bytes`);
      this.key = createSecretKey(bytes);
      this.fetchedAt = this.now();
      return this.key;
    } catch (error) {
      if (!this.key) throw error;
      logger.warn('service token key refresh failed; keeping the cached key', {
        source: this.source.name,
        error: (error as Error).message,
      });
      // Retry on a later request, not on every one.
      this.fetchedAt = this.now() - this.maxAgeMs + Math.min(this.maxAgeMs, 30_000);
      return this.key;
    }
  }
}
