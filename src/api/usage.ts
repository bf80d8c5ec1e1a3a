import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dayRangeOf } from '../costs/day-range.ts';
import { usageReport } from '../costs/usage-report.ts';
import type { Hotline } from '../hotline.ts';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('a day, UTC, included');

/** The query as the OpenAPI document gives it; `dayRangeOf` reads it (and refuses a day that does not exist, or a range past a year). */
export const usageQuery = z.object({ from: isoDay.optional(), to: isoDay.optional() });

/** `GET /api/usage?from=&to=`: what the caller spent, replies and chat titles, by model and by day. */
export function usageRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.get<{ Querystring: { from?: unknown; to?: unknown } }>('/api/usage', async (request) => {
    const range = dayRangeOf(request.query, new Date(hotline.clock.now()));
    return usageReport(hotline.db.kysely, request.user.id, range);
  });
}
