import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from './config';
import { createDocumentClient } from './dynamodb';
import { httpHandler } from './http/handler';
import { logger } from './logger';
import type { TableStem } from './tables';
import { tableDefinitions, tableName } from './tables';

export interface HealthOptions {
  service: string;
  table: TableStem;
}

export interface HealthReport {
  status: 'pass' | 'fail';
  service: string;
  version: string;
  region: string;
  stage: string;
  checks: { table: { name: string; status: 'pass' | 'fail'; latencyMs: number } };
}

/**
 * `GET /<service>/health`: version, region, stage and whether the service's table answers a
 * data-plane read. 200 `pass` or 503 `fail` (Route 53 health checks fail over on the 503), as
 * `application/health+json`. One attempt with a short timeout: a health check must not hang.
 *
 * @example
 * export const handler = createHealthHandler({ service: 'transactions', table: 'transactions' });
 */
export function createHealthHandler(options: HealthOptions) {
  const config = runtimeConfig();
  const name = process.env.TABLE_NAME ?? tableName(options.table, config.stage);
  const { partitionKey, sortKey } = tableDefinitions[options.table];
  const key = { [partitionKey.name]: '#HEALTH', ...(sortKey && { [sortKey.name]: '#HEALTH' }) };
  const documentClient = createDocumentClient({ maxAttempts: 1, requestTimeoutMs: 1_000 });

  return httpHandler({ name: 'health' }, async () => {
    const started = performance.now();
    const tableStatus = await documentClient.send(new GetCommand({ TableName: name, Key: key })).then(
      () => 'pass' as const,
      (error: Error) => {
        logger.warn('health check: table did not answer', { table: name, error: error.name });
        return 'fail' as const;
      },
    );
    const report: HealthReport = {
      status: tableStatus,
      service: options.service,
      version: config.version,
      region: config.region,
      stage: config.stage,
      checks: { table: { name, status: tableStatus, latencyMs: Math.round(performance.now() - started) } },
    };
    return {
      statusCode: tableStatus === 'pass' ? 200 : 503,
      body: report,
      headers: { 'content-type': 'application/health+json' },
    };
  });
}
