// Static checks of services/portal/Dockerfile and the root .dockerignore. No Docker engine and no
// hadolint here: a small parser of the instructions, and the rules the image must keep.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { portalDir } from '../../scripts/build';

const repoRoot = join(portalDir, '../..');
const dockerfile = readFileSync(join(portalDir, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions (continuations joined, comments dropped) grouped by stage; ARGs before FROM resolved. */
function parseDockerfile(text: string): { globalArgs: Record<string, string>; stages: Stage[] } {
  const lines = text.split('\n').filter((line) => !/^\s*#/.test(line));
  const joined = lines.join('\n').replace(/\\\n/g, ' ');
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    const args = match[2]!.trim();
    if (keyword === 'FROM') {
      const [image, as, name] = args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      const from = image!.replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (_, a: string, b: string) => globalArgs[a ?? b] ?? '',
      );
      stages.push({ from, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else if (stages.length === 0 && keyword === 'ARG') {
      const [key, value] = args.split('=');
      globalArgs[key!] = value ?? '';
    } else {
      stages.at(-1)?.instructions.push({ keyword, args });
    }
  }
  return { globalArgs, stages };
}

/** The image rules; returns the broken ones (empty = fine). */
function lintDockerfile(text: string): string[] {
  const problems: string[] = [];
  const { stages } = parseDockerfile(text);
  const names = new Set(stages.flatMap((s) => (s.name ? [s.name] : [])));
  if (stages.length < 2) problems.push('not multi-stage');
  for (const stage of stages) {
    if (names.has(stage.from)) continue;
    if (!/^[a-z0-9./-]+:[A-Za-z0-9._-]+(@sha256:[a-f0-9]{64})?$|@sha256:[a-f0-9]{64}$/.test(stage.from))
      problems.push(`base image without a tag or digest: ${stage.from || '(empty)'}`);
    if (/:latest(@|$)/.test(stage.from)) problems.push(`base image uses latest: ${stage.from}`);
  }
  for (const stage of stages) {
    const runs = stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    const copies = stage.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    if (runs.some((r) => /\bnpm (ci|install)\b/.test(r))) {
      if (!copies.some((c) => /\bpackage-lock\.json\b/.test(c)))
        problems.push(`stage ${stage.name ?? stage.from}: npm without package-lock.json`);
      if (runs.some((r) => /\bnpm install\b/.test(r)))
        problems.push(`stage ${stage.name ?? stage.from}: npm install (use npm ci)`);
    }
    if (runs.some((r) => /\b(curl|wget)\b.*\|\s*(ba)?sh/.test(r)))
      problems.push('pipes a download into a shell');
  }
  const final = stages.at(-1);
  if (!final) return [...problems, 'no stage'];
  const all = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);
  const last = (keyword: string) => all(keyword).at(-1)?.args;
  const user = last('USER');
  if (!user || /^(0|root)(:|$)/.test(user))
    problems.push(`final stage runs as root (USER ${user ?? 'missing'})`);
  else if (!/^[1-9][0-9]*(:[0-9]+)?$/.test(user)) problems.push(`USER is not numeric: ${user}`);
  const userIndex = final.instructions.findIndex((i) => i.keyword === 'USER');
  if (final.instructions.slice(userIndex).some((i) => i.keyword === 'RUN'))
    problems.push('RUN after USER in the final stage');
  const healthcheck = last('HEALTHCHECK');
  if (!healthcheck || /^NONE$/i.test(healthcheck)) problems.push('no HEALTHCHECK');
  else {
    if (/\b(curl|wget)\b/.test(healthcheck))
      problems.push('HEALTHCHECK uses curl/wget (not in the slim image)');
    if (!/process\.env\.PORT/.test(healthcheck) || !/process\.env\.HEALTH_PATH/.test(healthcheck))
      problems.push('HEALTHCHECK does not use PORT and HEALTH_PATH');
  }
  if (!all('ENV').some((i) => /\bNODE_ENV=production\b/.test(i.args)))
    problems.push('NODE_ENV is not production');
  if (last('STOPSIGNAL') !== 'SIGTERM') problems.push('STOPSIGNAL is not SIGTERM');
  const cmd = last('CMD');
  if (!cmd?.startsWith('[')) problems.push('CMD is not in exec form');
  else if (JSON.stringify(JSON.parse(cmd)) !== JSON.stringify(['node', 'dist/main.js']))
    problems.push(`CMD is ${cmd}`);
  if (
    !stages.some((s) =>
      s.instructions.some((i) => i.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args)),
    )
  )
    problems.push('no production-only npm ci');
  return problems;
}

test('the portal Dockerfile keeps every image rule', () => {
  expect(lintDockerfile(dockerfile)).toEqual([]);
});

test('the rules catch what they are for', () => {
  const without = (pattern: RegExp) => dockerfile.replace(pattern, '');
  expect(lintDockerfile(dockerfile.replace('USER 10001:10001', 'USER root'))).toContain(
    'final stage runs as root (USER root)',
  );
  expect(lintDockerfile(without(/^USER .*$/m))).toContain('final stage runs as root (USER missing)');
  expect(lintDockerfile(dockerfile.replace(/^ARG NODE_IMAGE=.*$/m, 'ARG NODE_IMAGE=node:latest'))).toContain(
    'base image uses latest: node:latest',
  );
  expect(lintDockerfile(dockerfile.replace(/^ARG NODE_IMAGE=.*$/m, 'ARG NODE_IMAGE=node'))).toContain(
    'base image without a tag or digest: node',
  );
  expect(lintDockerfile(without(/^HEALTHCHECK[^\n]*\\\n[^\n]*$/m))).toContain('no HEALTHCHECK');
  expect(lintDockerfile(dockerfile.replace(/ package-lock\.json/g, ''))).toContain(
    'stage build: npm without package-lock.json',
  );
  expect(lintDockerfile(without(/^STOPSIGNAL .*$/m))).toContain('STOPSIGNAL is not SIGTERM');
  expect(lintDockerfile(dockerfile.replace(/--omit=dev /g, ''))).toContain('no production-only npm ci');
  const singleStage = dockerfile.slice(dockerfile.indexOf('FROM ${NODE_IMAGE} AS runtime'));
  expect(lintDockerfile(`ARG NODE_IMAGE=node:22-bookworm-slim\n${singleStage}`)).toContain('not multi-stage');
});

test('the image is node 22 (the bundle targets node22), the same base in every stage', () => {
  const { stages } = parseDockerfile(dockerfile);
  expect(new Set(stages.map((s) => s.from))).toEqual(new Set(['node:22-bookworm-slim']));
  expect(stages.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
});

test('.dockerignore lets in what the Dockerfile copies from the context, and nothing local', () => {
  const { stages } = parseDockerfile(dockerfile);
  const sources = stages
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
    .flatMap((i) =>
      i.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1),
    );
  expect(sources.length).toBeGreaterThan(5);
  const patterns = dockerignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  expect(patterns[0]).toBe('*');
  const toRegex = (glob: string) =>
    new RegExp(
      `^${glob
        .replace(/\./g, '\\.')
        .replace(/\*\*\//g, '§')
        .replace(/\*/g, '[^/]*')
        .replace(/§/g, '(.*/)?')}(/.*)?$`,
    );
  // Docker's rule: the last matching pattern wins.
  const included = (path: string) =>
    patterns.reduce((acc, p) => (toRegex(p.replace(/^!/, '')).test(path) ? p.startsWith('!') : acc), false);
  expect(sources.filter((s) => !included(s.replace(/\/$/, '')))).toEqual([]);
  for (const local of [
    'node_modules',
    'services/portal/node_modules',
    'services/portal/dist',
    '.local',
    'terraform-foundation',
  ])
    expect({ local, included: included(local) }).toEqual({ local, included: false });
  expect(included('services/portal/src/main.test.ts')).toBe(false);
});
