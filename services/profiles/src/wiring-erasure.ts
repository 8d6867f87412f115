/**
 * The erasure worker's ports (run-erasures, and the local stack's privacy jobs), apart from
 * wiring.ts: they delete the person's export objects through the S3 client (see the note there).
 */
import { personKeyCount, shredPersonKeys } from '@ledgerline/shared/privacy/person-keys';
import { runtimeConfig } from '@ledgerline/shared/config';
import { CognitoUserDirectory } from './adapters/cognito-user-directory';
import { S3ExportObjects } from './adapters/s3-export-objects';
import type { ExportObjects } from './ports/export-objects';
import type { ErasurePorts } from './use-cases/erasure';
import { API_REGIONS, DEFAULT_HOME_REGION, erasureRequestPorts, revocationStore } from './wiring';

let defaultErasurePorts: ErasurePorts | undefined;

/**
 * The erasure job's ports, built on first use and kept for the container's life: those of the
 * request (erasure jobs, ledger), the user pool (USER_POOL_ID), the revocation records, the exports
 * bucket (EXPORTS_BUCKET) and the person-keys table in every region.
 */
export function erasurePorts(env: NodeJS.ProcessEnv = process.env): ErasurePorts {
  if (defaultErasurePorts) return defaultErasurePorts;
  const config = runtimeConfig(env);
  const homeRegion = env.PROFILES_HOME_REGION || DEFAULT_HOME_REGION;
  const request = erasureRequestPorts(env);
  let users: ErasurePorts['users'] | undefined;
  let exportObjects: ExportObjects | undefined;
  defaultErasurePorts = {
    store: request.store,
    get ledger() {
      return request.ledger;
    },
    get users() {
      return (users ??= CognitoUserDirectory.fromEnvironment(env));
    },
    revocations: revocationStore(),
    get exportObjects() {
      return (exportObjects ??= S3ExportObjects.fromEnvironment(env));
    },
    personKeys: {
      shred: (sub) => shredPersonKeys(sub, { region: homeRegion, stage: config.stage }),
      remaining: async (sub) =>
        Object.fromEntries(
          await Promise.all(
            API_REGIONS.map(async (region) => [
              region,
              await personKeyCount(sub, { region, stage: config.stage }),
            ]),
          ),
        ),
    },
    now: request.now,
    newId: request.newId,
  };
  return defaultErasurePorts;
}
