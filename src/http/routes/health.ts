import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../../hotline.ts';

export function healthRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(hotline.db.kysely);
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
    }
    if (hotline.redis) {
      const pong = await hotline.redis.commands.ping().catch(() => undefined);
      if (pong !== 'PONG') return reply.status(503).send({ status: 'unavailable', database: 'ok', redis: 'unreachable' });
      return { status: 'ready', database: 'ok', redis: 'ok' };
    }
    return { status: 'ready', database: 'ok' };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', hotline.metrics.registry.contentType);
    return hotline.metrics.registry.metrics();
  });
}
