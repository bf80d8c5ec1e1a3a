import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../hotline.ts';

/** `GET /api/tools`: the tools a chat may name, built-in and from the configured MCP servers. */
export function toolRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.get('/api/tools', async () => ({
    tools: hotline.tools
      .list()
      .map((tool) => ({ name: tool.name, description: tool.description, source: tool.source, requiresApproval: tool.requiresApproval })),
  }));
}
