import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../hotline.ts';
import { notFound } from '../refusal.ts';
import { rateLimits } from '../http/rate-limits.ts';
import { AssetCatalog } from './assets/asset-catalog.ts';
import { accountPageRoutes } from './routes/account-pages.ts';
import { assetRoutes } from './routes/assets.ts';
import { chatActionRoutes } from './routes/chat-actions.ts';
import { chatPageRoutes } from './routes/chat-pages.ts';
import { documentPageRoutes } from './routes/document-pages.ts';
import { fileRoutes } from './routes/file-routes.ts';
import { messageActionRoutes } from './routes/message-actions.ts';
import { usagePageRoutes } from './routes/usage-page.ts';
import { webErrorHandler } from './web-errors.ts';
import { prepareWebRequests } from './web-request.ts';

export interface WebAppOptions {
  hotline: Hotline;
  /**
   * The pages' live updates (the Turbo protocol's routes), mounted inside this scope so that they share
   * its session and CSRF handling; given by the server, since the protocol renders with this app's views.
   */
  liveRoutes(app: FastifyInstance): void;
}

/**
 * The browser app, in its own Fastify scope: server-rendered pages with Turbo and Stimulus, form posts
 * with CSRF tokens, and each chat's stream of Turbo Stream frames over SSE or WebSocket. Its cookies,
 * form parsing and HTML error pages stay out of the JSON API's scope. Its streams are the Turbo protocol's
 * (protocols/turbo), mounted here by the server.
 */
export async function webApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const { hotline } = options;
  const assets = new AssetCatalog();
  const limits = rateLimits(hotline.config, hotline.rateCounter);
  await app.register(cookie);
  await app.register(formbody);
  // Only the document upload reads multipart bodies (in this scope only, not the JSON API).
  // A file over the size limit is read as truncated and refused by the route with the page, not thrown.
  await app.register(multipart, { throwFileSizeLimit: false, limits: { files: 1, fields: 10, parts: 12, fieldSize: 16 * 1024 } });
  prepareWebRequests(app, hotline);
  app.setErrorHandler(webErrorHandler(assets));

  assetRoutes(app, assets);
  accountPageRoutes(app, hotline, assets, limits);
  chatPageRoutes(app, hotline, assets, limits);
  chatActionRoutes(app, hotline);
  messageActionRoutes(app, hotline, assets, limits);
  documentPageRoutes(app, hotline, assets);
  usagePageRoutes(app, hotline, assets);
  fileRoutes(app, hotline);
  options.liveRoutes(app);
  // Any other address is a page that does not exist: answered as a page with a way back, not as JSON.
  app.all('/*', async () => {
    throw notFound('Page');
  });
}
