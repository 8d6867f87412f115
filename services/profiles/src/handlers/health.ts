import { createHealthHandler } from '@ledgerline/shared/health';

/** GET /profiles/health — see shared/src/health.ts. */
export const handler = createHealthHandler({ service: 'profiles', table: 'profiles' });
