import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Hotline } from '../hotline.ts';
import { addDocument, deleteDocument, loadSampleKnowledgeBase } from '../knowledge/documents.ts';
import { parseBody } from '../http/validation.ts';

// The shapes only: the rules for a title, a URL and a text are the domain's (knowledge/document-input.ts).
export const newDocument = z.object({
  title: z.string(),
  text: z.string(),
  url: z.string().nullish(),
  type: z.string().nullish(),
});

export function documentRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.post('/api/documents', async (request, reply) => {
    const body = parseBody(newDocument, request.body);
    const document = await addDocument(hotline, request.user, { ...body, type: body.type ?? undefined });
    return reply.status(201).send(document);
  });

  app.post('/api/documents/sample', async (request, reply) => {
    const documents = await loadSampleKnowledgeBase(hotline, request.user);
    return reply.status(201).send({ documents });
  });

  app.get('/api/documents', async (request) => ({ documents: await hotline.documents.list(request.user.id) }));

  app.delete<{ Params: { id: string } }>('/api/documents/:id', async (request, reply) => {
    await deleteDocument(hotline, request.user, request.params.id);
    return reply.status(204).send();
  });
}
