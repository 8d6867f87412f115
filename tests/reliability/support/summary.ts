// Writes the run's figures to .build/reliability/summary-<profile>.json (quoted in docs/reliability.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figures } from './http';
import { sizes } from './profile';
import { repoRoot } from './stack';

export function writeSummary(extra: Record<string, unknown> = {}, stackOutput = ''): string {
  const dir = join(repoRoot, '.build/reliability');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `summary-${sizes.name}.json`);
  const totals: Record<string, number> = {};
  let requests = 0;
  for (const counts of Object.values(figures.sections)) {
    for (const [status, count] of Object.entries(counts)) {
      const bucket = /^\d{3}$/.test(status) ? `${status[0]}xx` : status;
      totals[bucket] = (totals[bucket] ?? 0) + count;
      requests += count;
    }
  }
  // 503s are the expected answer while faults are injected; any other 5xx fails its test anyway.
  const fiveXxOutsideFaults = Object.entries(figures.sections)
    .filter(([section]) => !section.startsWith('faults'))
    .flatMap(([, counts]) => Object.entries(counts))
    .filter(([status]) => status.startsWith('5'))
    .reduce((sum, [, count]) => sum + count, 0);
  const summary = {
    profile: sizes.name,
    finishedAt: new Date().toISOString(),
    sizes,
    requests,
    byClass: totals,
    fiveXxOutsideFaults,
    bySection: figures.sections,
    checks: figures.checks,
    ...extra,
  };
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  if (stackOutput) writeFileSync(join(dir, `stack-output-${sizes.name}.log`), stackOutput);
  return file;
}
