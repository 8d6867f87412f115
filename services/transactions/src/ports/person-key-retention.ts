/**
 * How long the person's sealed ledger fields live (shared/src/privacy/person-keys.ts): their data
 * keys expire by TTL 5 years after the person's last account closed (AML retention), and are kept
 * again while any account is open.
 */
export interface PersonKeyRetention {
  /** `until`: when the keys expire; null: keep them (an account is open). */
  retainUntil(sub: string, until: Date | null): Promise<void>;
}
