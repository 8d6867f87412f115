/**
 * The one list of Ledgerline's deployables, read from the root `services.json` (JSON so that each
 * serverless.yml can read its own ports from the same file with `${file(...)}`).
 *
 * @example
 * import { SERVICES, serviceDir } from '../lib/services';
 * for (const service of SERVICES) console.log(service.name, serviceDir(service.name));
 */
import { join } from 'node:path';
import servicesFile from '../../services.json';
import { repoRoot } from './repo';

export interface ServiceEntry {
  name: ServiceName;
  kind: 'serverless';
  /** One line: what it serves and where it is documented (the OpenAPI tag's description). */
  description: string;
  /** Folder relative to the repository root. */
  folder: string;
  /** File stem under shared/tables/ of the service's table. */
  table: string;
  /** serverless-offline's HTTP port under `npm start`. */
  httpPort: number;
  /** serverless-offline's Lambda invoke port under `npm start`. */
  lambdaPort: number;
}

type ServicesFile = typeof servicesFile;
export type ServiceName = Exclude<keyof ServicesFile, '$comment' | 'portal'>;

/** Every deployable Serverless service, in deploy order. */
export const SERVICES: readonly ServiceEntry[] = Object.entries(servicesFile)
  .filter(([name, entry]) => name !== '$comment' && (entry as { kind?: string }).kind === 'serverless')
  .map(([name, entry]) => ({ ...(entry as Omit<ServiceEntry, 'name'>), name: name as ServiceName }));

/** The customer web portal: a container (ECS Fargate), not a Serverless service; `npm start` runs it with Node. */
export const PORTAL = { name: 'portal', ...servicesFile.portal } as const;

/** The services' names, in deploy order. */
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((service) => service.name);

/** Looks a service up by name; throws on an unknown one. */
export function service(name: string): ServiceEntry {
  const found = SERVICES.find((entry) => entry.name === name);
  if (!found) throw new Error(`unknown service '${name}' (services.json lists ${SERVICE_NAMES.join(', ')})`);
  return found;
}

/** Absolute path of a service's folder. */
export const serviceDir = (name: string): string => join(repoRoot, service(name).folder);
