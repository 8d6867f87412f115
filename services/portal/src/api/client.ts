/**
 * The Ledgerline API as the signed-in user sees it: openapi-fetch over the types generated from
 * docs/openapi/ledgerline.openapi.json, so a contract change breaks the portal's build. On AWS every
 * path is on the edge's one host; locally each service listens on its own port, so requests are
 * routed by their first path segment (tests/unit check the rule against every path in the document).
 */
import createClient from 'openapi-fetch';
import type { ApiService, PortalConfig } from '../config';
import type { components, paths } from './schema.generated';

export type Schemas = components['schemas'];
export type LedgerlineApi = ReturnType<typeof createClient<paths>>;
export type Problem = Schemas['Problem'] & {
  errors?: { field?: string; pointer?: string; message?: string; detail?: string }[];
};

const SERVICE_BY_SEGMENT: Record<string, ApiService> = {
  auth: 'auth',
  accounts: 'transactions',
  transfers: 'transactions',
  transactions: 'transactions',
  profiles: 'profiles',
  me: 'profiles',
};

/** The service that serves a path (`/accounts/...` → transactions). */
export function serviceOf(path: string): ApiService {
  const segment = path.split('/')[1] ?? '';
  const service = SERVICE_BY_SEGMENT[segment];
  if (!service) throw new Error(`no Ledgerline service serves ${path}`);
  return service;
}

const PLACEHOLDER_BASE = 'http://ledgerline.api';

export interface CallContext {
  accessToken?: string;
  correlationId: string;
  /** Told the wall time of every API call (the request's Server-Timing `api` entry). */
  onCall?: (milliseconds: number) => void;
}

export function createApi(
  config: Pick<PortalConfig, 'api' | 'apiTimeoutMs'>,
  context: CallContext,
): LedgerlineApi {
  const headers: Record<string, string> = { 'x-correlation-id': context.correlationId };
  if (context.accessToken) headers.authorization = `Bearer ${context.accessToken}`;
  return createClient<paths>({
    baseUrl: PLACEHOLDER_BASE,
    headers,
    // One fetch for all three services: rewrite the placeholder origin to the path's service.
    fetch: async (request: Request) => {
      const url = new URL(request.url);
      const target = `${config.api[serviceOf(url.pathname)]}${url.pathname}${url.search}`;
      const hasBody = !['GET', 'HEAD'].includes(request.method);
      const started = performance.now();
      try {
        return await fetch(target, {
          method: request.method,
          headers: request.headers,
          body: hasBody ? await request.arrayBuffer() : undefined,
          signal: AbortSignal.timeout(config.apiTimeoutMs),
          redirect: 'manual',
        });
      } finally {
        context.onCall?.(performance.now() - started);
      }
    },
  });
}
