import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../hotline.ts';
import { notFound } from '../http/http-error.ts';
import type { OpenStreams } from '../http/open-streams.ts';
import { rateLimits } from '../http/rate-limits.ts';
import { AssetCatalog } from './assets/asset-catalog.ts';
import { accountPageRoutes } from './routes/account-pages.ts';
import { assetRoutes } from './routes/assets.ts';
import { chatActionRoutes } from './routes/chat-actions.ts';
import { chatPageRoutes } from './routes/chat-pages.ts';
import { chatStreamRoutes } from './routes/chat-streams.ts';
import { documentPageRoutes } from './routes/document-pages.ts';
import { fileRoutes } from './routes/file-routes.ts';
import { messageActionRoutes } from './routes/message-actions.ts';
import { webErrorHandler } from './web-errors.ts';
import { prepareWebRequests } from './web-request.ts';

export interface WebAppOptions {
  hotline: Hotline;
  openStreams: OpenStreams;
  /** Deltas arriving within this window go out to browsers as one frame. */
  frameIntervalMs?: number;
}

/**
 * The browser app, in its own Fastify scope: server-rendered pages with Turbo and Stimulus, form posts
 * with CSRF tokens, and each chat's stream of Turbo Stream frames over SSE or WebSocket. Its cookies,
 * form parsing and HTML error pages stay out of the JSON API's scope.
 */
export async function webApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const { hotline, openStreams } = options;
  const assets = new AssetCatalog();
  const limits = rateLimits(hotline.config, hotline.rateCounter);
  await app.register(cookie);
  await app.register(formbody);
  // Only the document upload reads multipart bodies (in this scope only, not the JSON API).
  // A file over the size limit is read as truncated and refused by the route with the page, not thrown.
  await app.register(multipart, { throwFileSizeLimit: false, limits: { files: 1, fields: 10, parts: 12, fieldSize: 16 * 1024 } });
  // Our sockets only send: a client's message is never read, so anything past a few KiB is refused from
  // its frame header (close 1009) instead of buffered (the ws default would hold up to 100 MiB).
  await app.register(websocket, { options: { maxPayload: 4 * 1024 } });
  prepareWebRequests(app, hotline);
  app.setErrorHandler(webErrorHandler(assets));

  assetRoutes(app, assets);
  accountPageRoutes(app, hotline, assets, limits);
  chatPageRoutes(app, hotline, assets, limits);
  chatActionRoutes(app, hotline);
  messageActionRoutes(app, hotline, assets, limits);
  documentPageRoutes(app, hotline, assets);
  fileRoutes(app, hotline);
  chatStreamRoutes(app, hotline, openStreams, { frameIntervalMs: options.frameIntervalMs ?? 40 });
  // Any other address is a page that does not exist: answered as a page with a way back, not as JSON.
  app.all('/*', async () => {
    throw notFound('Page');
  });
}
