// services.json is the one list of deployables; everything that cannot read it (the compose file,
// each serverless.yml's name) is checked against it here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { composeEntries, REGIONS } from '../../scripts/deploy/pipeline';
import { repoRoot } from '../../scripts/lib/repo';
import { SERVICES, SERVICE_NAMES, service, serviceDir } from '../../scripts/lib/services';

const compose = parseYaml(readFileSync(join(repoRoot, 'serverless-compose.yml'), 'utf8')) as {
  services: Record<string, { path: string; region: string; dependsOn?: string | string[] }>;
};
const regionSuffix: Record<string, string> = { 'us-east-1': 'use1', 'us-west-2': 'usw2' };

describe('services.json', () => {
  it('lists each service once, with distinct local ports and an existing table definition', () => {
    expect(new Set(SERVICE_NAMES).size).toBe(SERVICES.length);
    const ports = SERVICES.flatMap((s) => [s.httpPort, s.lambdaPort]);
    expect(new Set(ports).size).toBe(ports.length);
    for (const entry of SERVICES) {
      expect(existsSync(join(repoRoot, 'shared/tables', `${entry.table}.json`))).toBe(true);
    }
  });

  it.each(SERVICE_NAMES)(
    '%s: its folder holds serverless.yml of service ledgerline-<name>, ports read from services.json',
    (name) => {
      const yml = readFileSync(join(serviceDir(name), 'serverless.yml'), 'utf8');
      expect(yml).toMatch(new RegExp(`^service: ledgerline-${name}$`, 'm'));
      expect(yml).toContain(`httpPort: \${file(../../services.json):${name}.httpPort}`);
      expect(yml).toContain(`lambdaPort: \${file(../../services.json):${name}.lambdaPort}`);
    },
  );

  it('refuses an unknown service name', () => {
    expect(() => service('ledger')).toThrow(/unknown service 'ledger'/);
  });
});

describe('serverless-compose.yml against services.json', () => {
  const entries = composeEntries();

  it('deploys every listed service once per region, from its folder, and nothing else', () => {
    const expected = REGIONS.flatMap((region) =>
      SERVICE_NAMES.map((name) => `${name}-${regionSuffix[region]}`),
    ).sort();
    expect(entries.map((e) => e.name).sort()).toEqual(expected);
    for (const [name, entry] of Object.entries(compose.services)) {
      const serviceName = name.replace(/-(use1|usw2)$/, '');
      expect(entry.path.replace(/^\.\//, '')).toBe(service(serviceName).folder);
      expect(entry.region).toBe(REGIONS.find((r) => name.endsWith(regionSuffix[r]!)));
    }
  });

  it('deploys auth first in each region and every us-west-2 entry after its us-east-1 twin', () => {
    for (const entry of entries) {
      const [, region] = /-(use1|usw2)$/.exec(entry.name)!;
      if (entry.service !== 'auth') expect(entry.dependsOn).toContain(`auth-${region}`);
      if (region === 'usw2') expect(entry.dependsOn).toContain(entry.name.replace(/usw2$/, 'use1'));
    }
  });
});
