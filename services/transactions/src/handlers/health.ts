import { createHealthHandler } from '@ledgerline/shared/health';

/** GET /transactions/health — see shared/src/health.ts. */
export const handler = createHealthHandler({ service: 'transactions', table: 'transactions' });
