/**
 * Readiness (HEALTH_PATH, used by the ALB target groups and Route 53): 200 when the portal can serve,
 * i.e. its database answers; 503 when it cannot or while it drains after SIGTERM. Liveness
 * (LIVENESS_PATH): 200 as long as the process answers at all.
 */
import type { FastifyInstance } from 'fastify';
import type { PortalContext } from '../context';

export function registerHealthRoutes(app: FastifyInstance, context: PortalContext): void {
  const { config } = context;
  app.get(config.healthPath, { logLevel: 'warn' }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (context.isDraining()) return reply.code(503).send({ status: 'draining', region: config.region });
    try {
      await context.dbs.ping();
      return { status: 'ok', region: config.region, role: config.role };
    } catch (error) {
      request.log.warn({ err: error }, 'database unreachable');
      return reply.code(503).send({ status: 'database-unreachable', region: config.region });
    }
  });
  app.get(config.livenessPath, { logLevel: 'warn' }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'alive' };
  });
}
