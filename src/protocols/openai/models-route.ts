import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../../hotline.ts';

/** `GET /v1/models`: the models this server serves, by Hotline's ids (`openai:gpt-4o-mini`, `offline`). */
export function modelsRoute(app: FastifyInstance, hotline: Hotline): void {
  const created = Math.floor(hotline.clock.now() / 1000);
  app.get('/v1/models', async () => {
    const ids = await hotline.modelDirectory.list();
    return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created, owned_by: id.split(':')[0] ?? 'hotline' })) };
  });
}
