import type { FastifyInstance } from 'fastify';
import { dayRangeOf } from '../costs/day-range.ts';
import { usageReport } from '../costs/usage-report.ts';
import type { Hotline } from '../hotline.ts';

/** `GET /api/usage?from=&to=`: what the caller spent, replies and chat titles, by model and by day. */
export function usageRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.get<{ Querystring: { from?: unknown; to?: unknown } }>('/api/usage', async (request) => {
    const range = dayRangeOf(request.query, new Date(hotline.clock.now()));
    return usageReport(hotline.db.kysely, request.user.id, range);
  });
}
