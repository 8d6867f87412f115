// Sizes of the suite: `default` is bounded for `npm test`; RELIABILITY_PROFILE=soak (npm run
// test:soak) runs the same checks longer and larger. Nothing is skipped in either profile.
export const soak = process.env.RELIABILITY_PROFILE === 'soak';

export const sizes = soak
  ? {
      name: 'soak',
      /** Clients racing with one Idempotency-Key, and how many times each sends it. */
      idempotentClients: 48,
      idempotentRetries: 3,
      /** Concurrent debits of `drainAmount` against an account holding `drainBalance`. */
      drainDebits: 120,
      drainBalance: 5_000,
      drainAmount: 50,
      patchers: 32,
      /** Mixed-traffic load: clients × seconds, spread over this many users (one account each). */
      loadClients: 24,
      loadSeconds: 90,
      loadUsers: 12,
      /** Credits sent (8 at a time) while DynamoDB Local is paused for `faultPauseMs`. */
      faultRequests: 96,
      faultPauseMs: 7_000,
      faultPauses: 3,
      /** Requests per fault phase through the real handlers in process. */
      sdkFaultRequests: 64,
    }
  : {
      name: 'default',
      idempotentClients: 16,
      idempotentRetries: 2,
      drainDebits: 30,
      drainBalance: 1_000,
      drainAmount: 50,
      patchers: 12,
      loadClients: 8,
      loadSeconds: 10,
      loadUsers: 4,
      faultRequests: 24,
      faultPauseMs: 7_000,
      faultPauses: 1,
      sdkFaultRequests: 16,
    };
