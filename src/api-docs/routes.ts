import type { ServerExtension } from '../http/server-extension.ts';
import { docsPage } from './docs-page.ts';
import { openApiDocument } from './openapi-document.ts';

/** `GET /api/openapi.json` and `GET /api/docs`, public like any API reference. */
export const apiDocsRoutes: ServerExtension = async (app) => {
  const document = JSON.stringify(openApiDocument(process.env.npm_package_version ?? '0.1.0'));
  app.get('/api/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
  app.get('/api/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(docsPage()),
  );
};
