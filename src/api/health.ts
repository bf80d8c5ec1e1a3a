import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../hotline.ts';
import { ReadinessProbe } from '../http/readiness.ts';

export function healthRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  const readiness = new ReadinessProbe({
    database: () => sql`select 1`.execute(hotline.db.kysely),
    ...(hotline.redis ? { redis: () => hotline.redis!.commands.ping() } : {}),
  });
  app.get('/readyz', async (_request, reply) => {
    const { ready, checks } = await readiness.check();
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', ...checks });
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', hotline.metrics.registry.contentType);
    return hotline.metrics.registry.metrics();
  });
}
