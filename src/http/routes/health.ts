import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../../hotline.ts';

export function healthRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(hotline.db.kysely);
      return { status: 'ready', database: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', hotline.metrics.registry.contentType);
    return hotline.metrics.registry.metrics();
  });
}
