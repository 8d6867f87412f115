import { createHealthHandler } from '@ledgerline/shared/health';

/** GET /auth/health — see shared/src/health.ts. */
export const handler = createHealthHandler({ service: 'auth', table: 'auth' });
