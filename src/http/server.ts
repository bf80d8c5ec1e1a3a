import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Hotline } from '../hotline.ts';
import { requireUser } from './authenticate.ts';
import { handleError, handleNotFound } from './error-handler.ts';
import { HttpError } from './http-error.ts';
import { OpenStreams } from './open-streams.ts';
import { trackUnusedConnections } from './unused-connections.ts';
import { rateLimitError, rateLimits } from './rate-limits.ts';
import { accountRoutes } from './routes/accounts.ts';
import { chatRoutes } from './routes/chats.ts';
import { documentRoutes } from './routes/documents.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { messageRoutes } from './routes/messages.ts';
import { webApp } from '../web/web-app.ts';

/** The HTTP side of a Hotline process: the JSON API, the event streams, health and metrics. */
export async function buildServer(hotline: Hotline): Promise<FastifyInstance> {
  const { limits } = hotline.config;
  const app: FastifyInstance = Fastify({
    loggerInstance: hotline.logger as FastifyBaseLogger,
    trustProxy: hotline.config.trustProxy,
    // One log line per generation says more than one per request; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // JSON escaping can double a document's size on the wire; the exact limits are checked on the parsed text.
    bodyLimit: 2 * Math.max(limits.maxDocumentBytes, limits.maxContentBytes) + 64 * 1024,
  });
  const openStreams = new OpenStreams();
  const unusedConnections = trackUnusedConnections(app.server);
  app.addHook('preClose', async () => {
    openStreams.endAll();
    unusedConnections.destroyAll();
  });

  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  // Requests without a body (stop, retry, delete) may still carry `Content-Type: application/json`.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HttpError(400, 'invalid_json', 'The body is not valid JSON'), undefined);
    }
  });
  // Scaled out, the counters live in Redis so that every web process counts the same requests.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: rateLimitError,
    ...(hotline.redis ? { redis: hotline.redis.commands, nameSpace: 'hotline:rate:' } : {}),
  });

  const routeLimits = rateLimits(hotline.config);
  healthRoutes(app, hotline);
  accountRoutes(app, hotline, routeLimits);
  await app.register(async (authenticated) => {
    requireUser(authenticated, hotline);
    chatRoutes(authenticated, hotline);
    messageRoutes(authenticated, hotline, routeLimits);
    documentRoutes(authenticated, hotline);
    eventRoutes(authenticated, hotline, openStreams);
  });
  await app.register(webApp, { hotline, openStreams });
  return app;
}
