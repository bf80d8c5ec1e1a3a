import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Hotline } from './hotline.ts';
import { requireUser } from './http/authenticate.ts';
import { handleError, handleNotFound, isJsonPath, routingError } from './http/error-handler.ts';
import { parseJsonBodies } from './http/json-body.ts';
import { refuseOddRequestValues } from './http/request-values.ts';
import { OpenStreams } from './http/open-streams.ts';
import { trackUnusedConnections } from './http/unused-connections.ts';
import { traceRequests } from './http/request-tracing.ts';
import { rateLimitError, rateLimits } from './http/rate-limits.ts';
import { accountRoutes } from './api/accounts.ts';
import { attachmentRoutes } from './api/attachments.ts';
import { chatRoutes } from './api/chats.ts';
import { documentRoutes } from './api/documents.ts';
import { eventRoutes } from './protocols/json-sse/events-route.ts';
import { healthRoutes } from './api/health.ts';
import { messageRoutes } from './api/messages.ts';
import { toolRoutes } from './api/tools.ts';
import { usageRoutes } from './api/usage.ts';
import { turboStreamRoutes } from './protocols/turbo/turbo-routes.ts';
import { webApp } from './web/web-app.ts';
import { plainErrorPage, plainErrorPagePolicy } from './web/views/plain-error-page.ts';
import { durableStreamRoutes } from './protocols/durable-streams/routes.ts';
import { cableNameRoutes, cableRoutes } from './protocols/action-cable/routes.ts';
import { cableSecret } from './protocols/action-cable/cable-secret.ts';
import { standardProtocols } from './protocols/standard-protocols.ts';
import { apiDocsRoutes } from './api-docs/routes.ts';

/** Deltas arriving within this window go out to browsers as one Turbo frame. */
const frameIntervalMs = 40;

/**
 * The HTTP side of a Hotline process, composed: the shared plumbing (`http/`), the JSON API (`api/`),
 * each wire protocol (`protocols/`) and the web app (`web/`), which are siblings and know nothing of
 * each other.
 */
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
  traceRequests(app, hotline.tracing);
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

  // Once, for every scope: the web app's sockets and each protocol's. Our sockets read at most small
  // commands (Action Cable's subscribe), so anything past a few KiB is refused from its frame header
  // (close 1009) instead of buffered (the ws default would hold up to 100 MiB).
  await app.register(websocket, { options: { maxPayload: 4 * 1024 } });

  const routeLimits = rateLimits(hotline.config, hotline.rateCounter);
  const secret = await cableSecret(hotline);
  healthRoutes(app, hotline);
  // Unknown API addresses answer in the API's shape; every other unknown address is the web app's page.
  app.all('/api/*', async (request, reply) => handleNotFound(request, reply));
  accountRoutes(app, hotline, routeLimits);
  await app.register(async (authenticated) => {
    requireUser(authenticated, hotline);
    chatRoutes(authenticated, hotline, routeLimits);
    messageRoutes(authenticated, hotline, routeLimits);
    toolRoutes(authenticated, hotline);
    documentRoutes(authenticated, hotline);
    usageRoutes(authenticated, hotline);
    await authenticated.register(async (files) => attachmentRoutes(files, hotline));
    eventRoutes(authenticated, hotline, openStreams);
    durableStreamRoutes(authenticated, hotline, openStreams);
    cableNameRoutes(authenticated, hotline, secret);
  });
  for (const extend of [...standardProtocols, apiDocsRoutes]) await app.register(async (scope) => extend(scope, hotline, { openStreams, limits: routeLimits }));
  cableRoutes(app, hotline, secret);
  await app.register(webApp, { hotline, liveRoutes: (web) => turboStreamRoutes(web, hotline, openStreams, { frameIntervalMs }) });
  return app;
}
