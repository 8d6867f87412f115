/**
 * Every service's route manifest (`services/<service>/src/routes.ts`), flattened: the one source of
 * the generated serverless.yml blocks, validators and OpenAPI operations.
 */
import { join } from 'node:path';
import type { RouteEntry, RouteManifest } from '../../shared/src/http/route-manifest';
import { SERVICE_NAMES, serviceDir, type ServiceName } from '../lib/services';

export interface Route extends RouteEntry {
  service: ServiceName;
  /** Function name in serverless.yml (the OpenAPI operationId is `<service>_<fn>`). */
  fn: string;
}

/** One service's manifest, loaded from its `src/routes.ts`. */
export function manifestOf(service: ServiceName): RouteManifest {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the service list is data
  return (require(join(serviceDir(service), 'src', 'routes')) as { routes: RouteManifest }).routes;
}

/** Every route of every service, in services.json order, then manifest order. */
export const routes: Route[] = SERVICE_NAMES.flatMap((service) =>
  Object.entries(manifestOf(service)).map(([fn, entry]) => ({ ...entry, service, fn })),
);
