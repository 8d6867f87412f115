import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { createTableInput, tableDefinitions, tableName, timeToLive } from '../../src/tables';
import { resourceName } from '../../src/naming';

const tablesDir = join(__dirname, '../../tables');
const definitionFiles = readdirSync(tablesDir).filter((f) => f.endsWith('.json') && !f.includes('schema'));

describe('table definitions (shared/tables/*.json)', () => {
  const validate = new Ajv2020({ strict: true }).compile(
    JSON.parse(readFileSync(join(tablesDir, 'table-definition.schema.json'), 'utf8')),
  );

  it.each(definitionFiles)('%s is valid against table-definition.schema.json', (file) => {
    const definition = JSON.parse(readFileSync(join(tablesDir, file), 'utf8'));
    expect(validate(definition) ? [] : validate.errors).toEqual([]);
    expect(`${definition.stem}.json`).toBe(file);
  });

  it('registers every file in tableDefinitions, so no table is forgotten by the local stack', () => {
    expect(Object.keys(tableDefinitions).sort()).toEqual(
      definitionFiles.map((f) => f.replace('.json', '')).sort(),
    );
  });
});

describe('createTableInput', () => {
  it('builds keys, attribute definitions, GSIs and streams from the definition', () => {
    const input = createTableInput(tableDefinitions.transactions, 'dev');

    expect(input.TableName).toBe('ledgerline-transactions-dev');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(input.AttributeDefinitions?.map((a) => a.AttributeName).sort()).toEqual([
      'gsi1pk',
      'gsi1sk',
      'gsi2pk',
      'gsi2sk',
      'gsi3pk',
      'gsi3sk',
      'pk',
      'sk',
    ]);
    expect(
      input.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.Projection?.ProjectionType]),
    ).toEqual([
      ['gsi1', 'ALL'],
      ['gsi2', 'ALL'],
      ['gsi3', 'KEYS_ONLY'],
    ]);
    expect(input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('omits GSIs for a table without them', () => {
    expect(createTableInput(tableDefinitions.auth, 'dev').GlobalSecondaryIndexes).toBeUndefined();
  });

  it('gives the TTL attribute when defined', () => {
    expect(timeToLive(tableDefinitions.profiles)).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(timeToLive({ ...tableDefinitions.profiles, ttlAttribute: null })).toBeUndefined();
  });

  it('keeps per-person keys until erasure or their retention TTL: pk/sk, no GSI, TTL expiresAt', () => {
    const input = createTableInput(tableDefinitions['person-keys'], 'dev');
    expect(input.TableName).toBe('ledgerline-person-keys-dev');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(input.GlobalSecondaryIndexes).toBeUndefined();
    expect(timeToLive(tableDefinitions['person-keys'])).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
  });
});

describe('naming', () => {
  it('names every resource ledgerline-<thing>-<stage>', () => {
    expect(tableName('auth', 'pr123')).toBe('ledgerline-auth-pr123');
    expect(resourceName('alarms', 'prod')).toBe('ledgerline-alarms-prod');
  });

  it.each(['', 'Prod', 'a', 'dev_1', 'x'.repeat(17)])('rejects the stage %p', (stage) => {
    expect(() => resourceName('auth', stage)).toThrow(/invalid stage/);
  });
});
