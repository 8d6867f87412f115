// Sizes of the suite: `default` is bounded for `npm test`; RELIABILITY_PROFILE=soak (npm run
// test:soak) runs the same checks longer and larger.
export const soak = process.env.RELIABILITY_PROFILE === 'soak';

export const sizes = soak
  ? {
      name: 'soak',
      idempotentClients: 64,
      idempotentRetries: 4,
      drainDebits: 120,
      drainBalance: 5_000,
      patchers: 32,
      loadClients: 32,
      loadSeconds: 120,
      loadUsers: 16,
      faultRequests: 120,
      faultPauseMs: 9_000,
      sdkFaultRequests: 96,
    }
  : {
      name: 'default',
      idempotentClients: 24,
      idempotentRetries: 3,
      drainDebits: 40,
      drainBalance: 1_000,
      patchers: 12,
      loadClients: 12,
      loadSeconds: 12,
      loadUsers: 6,
      faultRequests: 24,
      faultPauseMs: 7_000,
      sdkFaultRequests: 24,
    };
