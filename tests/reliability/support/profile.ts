// Sizes of the suite: `default` is bounded for `npm test`; RELIABILITY_PROFILE=soak (npm run
// test:soak) runs the same checks longer and larger. Nothing is skipped in either profile.
export const soak = process.env.RELIABILITY_PROFILE === 'soak';

export const sizes = soak
  ? {
      name: 'soak',
      /** Concurrent POST /transfers with one Idempotency-Key (each retries only after a 409). */
      idempotentClients: 2_000,
      /** Sockets those clients share (requests beyond wait for one, as behind a gateway). */
      idempotentConnections: 64,
      /** A ring of accounts, each paying the next with this many clients for `ringSeconds`. */
      ringAccounts: 16,
      ringClientsPerAccount: 3,
      ringSeconds: 60,
      /** Concurrent debits (p2p and holds) of `drainAmount` against an account holding `drainBalance`. */
      drainDebits: 120,
      drainBalance: 5_000,
      drainAmount: 50,
      patchers: 32,
      /** Mixed-traffic load: clients × seconds, spread over this many users (one account each). */
      loadClients: 24,
      loadSeconds: 90,
      loadUsers: 12,
      /** Deposits sent (8 at a time) while DynamoDB Local is paused for `faultPauseMs`. */
      faultRequests: 96,
      faultPauseMs: 7_000,
      faultPauses: 3,
      /** Requests per fault phase through the real handlers in process. */
      sdkFaultRequests: 64,
    }
  : {
      name: 'default',
      idempotentClients: 1_000,
      idempotentConnections: 64,
      ringAccounts: 8,
      ringClientsPerAccount: 2,
      ringSeconds: 8,
      drainDebits: 40,
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
