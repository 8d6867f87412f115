/**
 * The services' deploy wiring, read from serverless-compose.yml (the one place that declares which
 * service deploys where, after what, with which params): entries, waves, and the params to pass.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { repoRoot } from '../lib/repo';
import type { CoreOutputs } from './context';
import { PRIMARY, REGIONS, type Region } from './options';

export interface ComposeEntry {
  /** Compose name, e.g. `transactions-use1`. */
  name: string;
  /** Service directory name, e.g. `transactions`. */
  service: string;
  region: Region;
  dependsOn: string[];
  /** Compose params: literal values or `${<entry>.<Output>}` references. */
  params: Record<string, string>;
}

export function composeEntries(file = join(repoRoot, 'serverless-compose.yml')): ComposeEntry[] {
  const doc = parseYaml(readFileSync(file, 'utf8')) as {
    services: Record<
      string,
      { path: string; region: string; dependsOn?: string | string[]; params?: Record<string, string> }
    >;
  };
  return Object.entries(doc.services).map(([name, entry]) => {
    if (!(REGIONS as readonly string[]).includes(entry.region)) {
      throw new Error(
        `serverless-compose.yml: ${name} has region ${entry.region}, not one of ${REGIONS.join(', ')}`,
      );
    }
    return {
      name,
      service: basename(entry.path),
      region: entry.region as Region,
      dependsOn: entry.dependsOn === undefined ? [] : ([] as string[]).concat(entry.dependsOn),
      params: Object.fromEntries(Object.entries(entry.params ?? {}).map(([k, v]) => [k, String(v)])),
    };
  });
}

/**
 * The order of a region's entries as waves: every entry after those it depends on (in the same
 * region), entries of one wave in parallel. Entries of the other region are deployed before (the
 * whole of us-east-1 precedes us-west-2), so such dependencies are already met.
 */
export function regionWaves(entries: ComposeEntry[], region: Region): ComposeEntry[][] {
  const mine = entries.filter((e) => e.region === region);
  const names = new Set(mine.map((e) => e.name));
  const done = new Set<string>();
  const waves: ComposeEntry[][] = [];
  while (done.size < mine.length) {
    const wave = mine.filter(
      (e) => !done.has(e.name) && e.dependsOn.every((d) => !names.has(d) || done.has(d)),
    );
    if (wave.length === 0) throw new Error(`serverless-compose.yml: dependency cycle in ${region}`);
    wave.forEach((e) => done.add(e.name));
    waves.push(wave);
  }
  return waves;
}

/** `${auth-use1.AuthorizerArn}` → ['auth-use1', 'AuthorizerArn'] */
const OUTPUT_REFERENCE = /^\$\{([A-Za-z0-9-]+)\.([A-Za-z0-9]+)\}$/;

/** Core outputs a service takes as `--param` (Terraform core feeds the services). */
export function coreParams(service: string, region: Region, core: CoreOutputs): Record<string, string> {
  const params: Record<string, string> = {};
  const key = core.kms_key_arns?.secrets?.[region];
  // auth (authorizer) and transactions (list cursors) decrypt the service-token secret of their region.
  if ((service === 'auth' || service === 'transactions') && key) params.secretsKmsKeyArn = key;
  // transactions seals the ledger's personal fields, and profiles' privacy jobs open them (export),
  // under per-person data keys wrapped by this CMK (docs/privacy.md).
  const personKeys = core.kms_key_arns?.['person-keys']?.[region];
  if ((service === 'transactions' || service === 'profiles') && personKeys) {
    params.personKeysKmsKeyArn = personKeys;
  }
  // transactions completes cross-region transfers from its table's stream in this region.
  const stream = core.table_stream_arns_by_region?.transactions?.[region];
  if (service === 'transactions' && stream) params.transferStreamArn = stream;
  // profiles: the exports bucket and its CMK (primary region, used from both), and the profiles
  // table's stream in the home region only (jobs are written there; one consumer claims each).
  if (service === 'profiles') {
    if (core.exports_bucket?.name) params.exportsBucket = core.exports_bucket.name;
    if (core.exports_kms_key_arn) params.exportsKmsKeyArn = core.exports_kms_key_arn;
    const profilesStream = core.table_stream_arns_by_region?.profiles?.[region];
    if (region === PRIMARY && profilesStream) params.profilesStreamArn = profilesStream;
  }
  return params;
}

export function serviceParams(
  entry: ComposeEntry,
  outputs: Record<string, Record<string, string>>,
  core: CoreOutputs,
): Record<string, string> {
  const params: Record<string, string> = { ...coreParams(entry.service, entry.region, core) };
  for (const [name, value] of Object.entries(entry.params)) {
    const reference = OUTPUT_REFERENCE.exec(value);
    if (!reference) {
      params[name] = value;
      continue;
    }
    const [, source = '', output = ''] = reference;
    const resolved = outputs[source]?.[output];
    if (resolved === undefined) {
      throw new Error(
        `${entry.name}: param ${name} needs output ${output} of ${source}, which is not deployed`,
      );
    }
    params[name] = resolved;
  }
  return params;
}
