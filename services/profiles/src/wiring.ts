/**
 * The one place that builds this service's adapters from the environment, once per cold start;
 * handlers take their dependencies from here and hand them to the use cases as ports. Two
 * exceptions, for the S3 client, which does not declare itself free of side effects (any static
 * import of it puts ~150 KB into every function of the service; docs/performance.md): the export
 * worker's files (`exportFiles`) in wiring-export-files.ts, and the erasure worker's ports (which
 * delete export objects) in wiring-erasure.ts. Download links need no client (`exportLinks`).
 */
import { randomUUID } from 'node:crypto';
import type { RevocationStore } from '@ledgerline/auth/revocation';
import { DynamoDbRevocationStore } from '@ledgerline/auth/revocation';
import { runtimeConfig } from '@ledgerline/shared/config';
import { ledgerPrivacy } from '@ledgerline/transactions/privacy';
import { createDocumentClient } from '@ledgerline/shared/dynamodb';
import { tableName } from '@ledgerline/shared/tables';
import { CognitoUserDirectory } from './adapters/cognito-user-directory';
import { DynamoDbErasureStore } from './adapters/dynamodb-erasure-store';
import { DynamoDbProfileStore } from './adapters/dynamodb-profile-store';
import { S3ExportLinks } from './adapters/s3-export-links';
import type { ExportFiles } from './ports/export-files';
import type { ErasureStore } from './ports/erasure-store';
import type { LedgerHoldings } from './ports/ledger-holdings';
import type { ProfileStore } from './ports/profile-store';
import type { ErasureRequestPorts } from './use-cases/erasure';
import { DynamoDbExportJobs } from './adapters/dynamodb-export-jobs';
import type { ExportJobStore } from './ports/export-jobs';
import type { LedgerReader } from './ports/ledger-reader';
import type { UserDirectory } from './ports/user-directory';

/** The primary region: every profile's home (docs/architecture.md) unless PROFILES_HOME_REGION says otherwise. */
export const DEFAULT_HOME_REGION = 'us-east-1';

/**
 * The store every handler uses, built once per cold start. Profile versions and session writes are
 * guarded by conditions, so reads and writes go to the table replica of the HOME region, from
 * every region (a global table replicates last-writer-wins: two regions accepting conditional
 * writes for one item could both succeed). Locally, DYNAMODB_ENDPOINT wins over the region.
 *
 * @example
 * const store = createProfileStore();
 */
export function createProfileStore(env: NodeJS.ProcessEnv = process.env): ProfileStore {
  const config = runtimeConfig(env);
  return new DynamoDbProfileStore(
    createDocumentClient({ region: env.PROFILES_HOME_REGION || DEFAULT_HOME_REGION }),
    env.TABLE_NAME ?? tableName('profiles', config.stage),
  );
}

let defaultStore: ProfileStore | undefined;

/** The profile store of this function, built on first use and kept for the container's life. */
export function profileStore(): ProfileStore {
  defaultStore ??= createProfileStore();
  return defaultStore;
}

let defaultRevocations: RevocationStore | undefined;

/**
 * The auth service's revocation records (the auth table, a global table), in THIS region's replica:
 * removing a device revokes its token family here, and the authorizers of every region read the
 * replicated record. Built on first use and kept for the container's life.
 */
export function revocationStore(): RevocationStore {
  defaultRevocations ??= DynamoDbRevocationStore.fromEnvironment();
  return defaultRevocations;
}

/** Every API region: each holds a replica of the global tables (the person-keys table among them). */
export const API_REGIONS = ['us-east-1', 'us-west-2'] as const;

/**
 * The ledger as erasure needs it (accounts holding money; closing them): the transactions
 * service's `@ledgerline/transactions/privacy` module, reading this region's replica.
 */
export function createLedgerHoldings(): LedgerHoldings {
  return ledgerPrivacy();
}

let defaultErasureStore: ErasureStore | undefined;

/** The erasure jobs (the profiles table of the home region), built on first use. */
export function erasureStore(env: NodeJS.ProcessEnv = process.env): ErasureStore {
  defaultErasureStore ??= new DynamoDbErasureStore(
    createDocumentClient({ region: env.PROFILES_HOME_REGION || DEFAULT_HOME_REGION }),
    env.TABLE_NAME ?? tableName('profiles', runtimeConfig(env).stage),
  );
  return defaultErasureStore;
}

let defaultRequestPorts: ErasureRequestPorts | undefined;

/**
 * What DELETE /me needs to start an erasure: the erasure jobs and the ledger (its holdings). The
 * erasure worker's ports, with the exports bucket and the user pool, are in wiring-erasure.ts.
 */
export function erasureRequestPorts(env: NodeJS.ProcessEnv = process.env): ErasureRequestPorts {
  let ledger: LedgerHoldings | undefined;
  defaultRequestPorts ??= {
    store: erasureStore(env),
    get ledger() {
      return (ledger ??= createLedgerHoldings());
    },
    now: () => new Date(),
    newId: () => randomUUID(),
  };
  return defaultRequestPorts;
}

let defaultExportJobs: ExportJobStore | undefined;

/** The export jobs (the profiles table, home region, as the profile store). */
export function exportJobStore(env: NodeJS.ProcessEnv = process.env): ExportJobStore {
  defaultExportJobs ??= new DynamoDbExportJobs(
    createDocumentClient({ region: env.PROFILES_HOME_REGION || DEFAULT_HOME_REGION }),
    env.TABLE_NAME ?? tableName('profiles', runtimeConfig(env).stage),
  );
  return defaultExportJobs;
}

let defaultExportLinks: Pick<ExportFiles, 'linkTo'> | undefined;

/** Download links to the export files (presigned without the S3 client), built on first use. */
export function exportLinks(): Pick<ExportFiles, 'linkTo'> {
  defaultExportLinks ??= S3ExportLinks.fromEnvironment();
  return defaultExportLinks;
}

let defaultDirectory: UserDirectory | undefined;

/** The user pool (USER_POOL_ID), for the attributes an export includes. */
export function userDirectory(): UserDirectory {
  defaultDirectory ??= CognitoUserDirectory.fromEnvironment();
  return defaultDirectory;
}

let defaultLedger: LedgerReader | undefined;

/**
 * The ledger as the export reads it: `@ledgerline/transactions/privacy` on the transactions table
 * of this function's region (a global table: every account's items are in every replica).
 */
export function ledgerReader(): LedgerReader {
  defaultLedger ??= ledgerPrivacy();
  return defaultLedger;
}
