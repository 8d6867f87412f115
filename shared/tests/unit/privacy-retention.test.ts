// Every retention of the records of processing is enforced by something, and a test proves it:
// shared/src/privacy/retention.ts names them; here each named test must exist where it says, and
// docs/privacy.md must show the same table.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSONAL_DATA } from '../../src/privacy/inventory';
import { RETENTION, retentionRows } from '../../src/privacy/retention';

const root = join(__dirname, '../../..');

it('covers every row of the inventory exactly once', () => {
  expect(RETENTION.map((r) => r.data).sort()).toEqual(PERSONAL_DATA.map((r) => r.data).sort());
});

it.each(RETENTION.flatMap((r) => r.tests.map((test) => [test])))('names a test that exists: %s', (test) => {
  const [file, name] = test.split(' › ') as [string, string];
  expect(existsSync(join(root, file))).toBe(true);
  const source = readFileSync(join(root, file), 'utf8');
  // A Jest test by its exact title, or a `terraform test` run block by its label.
  expect(source).toContain(name.startsWith('run "') ? name : `'${name}'`);
});

it('leaves a limit without a test only where AWS fixes it', () => {
  for (const r of RETENTION.filter((entry) => entry.tests.length === 0)) {
    expect(r.mechanism).toMatch(/fixed by AWS/);
  }
});

it('docs/privacy.md shows the table', () => {
  const doc = readFileSync(join(root, 'docs/privacy.md'), 'utf8');
  expect(doc).toContain(`| data | enforced by | tests |\n|---|---|---|\n${retentionRows()}\n`);
});
