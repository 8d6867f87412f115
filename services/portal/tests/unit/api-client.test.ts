import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceOf } from '../../src/api/client';

const document = JSON.parse(
  readFileSync(join(__dirname, '../../../../docs/openapi/ledgerline.openapi.json'), 'utf8'),
) as {
  paths: Record<string, Record<string, { operationId: string }>>;
};

describe('routing API paths to services (local stack: one port per service)', () => {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.values(methods).map((operation) => [path, operation.operationId] as const),
  );

  it.each(operations)('%s (%s) goes to the service that declares it', (path, operationId) => {
    expect(`${serviceOf(path)}_`).toBe(operationId.slice(0, operationId.indexOf('_') + 1));
  });

  it('an unknown first segment is an error, not a guess', () => {
    expect(() => serviceOf('/nowhere')).toThrow(/no Ledgerline service/);
  });
});
