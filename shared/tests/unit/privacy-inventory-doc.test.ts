// docs/privacy.md's inventory is shared/src/privacy/inventory.ts, row for row (what is planted and
// checked against the stores: tests/integration/privacy-inventory.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inventoryRows } from '../../src/privacy/inventory';

it('docs/privacy.md shows the records of processing of shared/src/privacy/inventory.ts', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/privacy.md'), 'utf8');
  expect(doc).toContain(
    `| data | where | purpose | basis | retention | who reads it |\n|---|---|---|---|---|---|\n${inventoryRows()}\n`,
  );
});
