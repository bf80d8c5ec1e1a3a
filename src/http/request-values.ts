import type { FastifyRequest } from 'fastify';
import { isCleanText } from '../clean-text.ts';
import { HttpError } from './http-error.ts';
import { notFound } from '../refusal.ts';

/**
 * Every route reads its query parameters as single strings. A repeated one (`?position=a&position=b`)
 * parses to an array, which no route expects, so it is refused here, once for the whole server, before
 * any route or stream reads it (a WebSocket is refused before its upgrade). An id in the path that is not
 * text (`%00`) names nothing, and is not handed to the database (PostgreSQL refuses NUL in text).
 */
export async function refuseOddRequestValues(request: FastifyRequest): Promise<void> {
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new HttpError(400, 'invalid_query', `${name}: give this parameter once`);
    if (!isCleanText(value)) throw new HttpError(400, 'invalid_query', `${name}: must be text`);
  }
  for (const value of Object.values((request.params ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && !isCleanText(value)) throw notFound('Resource');
  }
}
