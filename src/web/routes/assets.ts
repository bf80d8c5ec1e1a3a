import type { FastifyInstance } from 'fastify';
import type { AssetCatalog } from '../assets/asset-catalog.ts';

export function assetRoutes(app: FastifyInstance, assets: AssetCatalog): void {
  app.get('/assets/:file', async (request, reply) => {
    const asset = assets.find(request.url.split('?')[0]!);
    if (!asset) return reply.status(404).type('text/plain').send('Not found');
    return reply.header('content-type', asset.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  });
}
