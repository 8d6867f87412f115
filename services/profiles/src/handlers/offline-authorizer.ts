/**
 * Local stack only: under `sls offline`, scripts/serverless/offline-authorizer.js puts this function
 * in front of every route in place of the authorizer API Gateway runs on AWS. It is the auth
 * service's authorizer itself (one implementation of the token rules), never deployed from here.
 */
export { handler } from '@ledgerline/auth/authorizer';
