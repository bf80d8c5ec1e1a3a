import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Hotline } from '../hotline.ts';
import { requireUser } from './authenticate.ts';
import { handleError, handleNotFound, isJsonPath, routingError } from './error-handler.ts';
import { parseJsonBodies } from './json-body.ts';
import { refuseOddRequestValues } from './request-values.ts';
import { OpenStreams } from './open-streams.ts';
import { trackUnusedConnections } from './unused-connections.ts';
import { rateLimitError, rateLimits } from './rate-limits.ts';
import { accountRoutes } from './routes/accounts.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { chatRoutes } from './routes/chats.ts';
import { documentRoutes } from './routes/documents.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { messageRoutes } from './routes/messages.ts';
import { webApp } from '../web/web-app.ts';
import { plainErrorPage, plainErrorPagePolicy } from '../web/views/plain-error-page.ts';

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
    frameworkErrors: (error, request, reply) => {
      const refusal = routingError(error);
      if (isJsonPath(request.url)) return handleError(refusal, request, reply);
      const title = refusal.statusCode === 404 ? 'Not found' : 'Bad address';
      const page = reply as unknown as FastifyReply;
      page.status(refusal.statusCode).headers({ 'content-security-policy': plainErrorPagePolicy }).type('text/html');
      return page.send(plainErrorPage(title, `${refusal.message}.`));
    },
  });
  const openStreams = new OpenStreams();
  const unusedConnections = trackUnusedConnections(app.server);
  app.addHook('preClose', async () => {
    openStreams.endAll();
    unusedConnections.destroyAll();
  });

  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  parseJsonBodies(app);
  // After each scope's own onRequest hooks (session, CSP), so a web page's refusal is a proper page.
  app.addHook('preValidation', refuseOddRequestValues);
  // Scaled out, the counters live in Redis so that every web process counts the same requests.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: rateLimitError,
    ...(hotline.redis ? { redis: hotline.redis.commands, nameSpace: 'hotline:rate:' } : {}),
  });

  const routeLimits = rateLimits(hotline.config, hotline.rateCounter);
  healthRoutes(app, hotline);
  // Unknown API addresses answer in the API's shape; every other unknown address is the web app's page.
  app.all('/api/*', async (request, reply) => handleNotFound(request, reply));
  accountRoutes(app, hotline, routeLimits);
  await app.register(async (authenticated) => {
    requireUser(authenticated, hotline);
    chatRoutes(authenticated, hotline, routeLimits);
    messageRoutes(authenticated, hotline, routeLimits);
    documentRoutes(authenticated, hotline);
    await authenticated.register(async (files) => attachmentRoutes(files, hotline));
    eventRoutes(authenticated, hotline, openStreams);
  });
  await app.register(webApp, { hotline, openStreams });
  return app;
}
