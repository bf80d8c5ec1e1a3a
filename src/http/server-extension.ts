import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../hotline.ts';
import type { OpenStreams } from './open-streams.ts';
import type { rateLimits } from './rate-limits.ts';

/**
 * Routes served beside the JSON API (a standard protocol, the API's documentation), each registered by
 * `server.ts` in a scope of its own, with its own error shape.
 */
export type ServerExtension = (
  app: FastifyInstance,
  hotline: Hotline,
  shared: { openStreams: OpenStreams; limits: ReturnType<typeof rateLimits> },
) => Promise<void>;
