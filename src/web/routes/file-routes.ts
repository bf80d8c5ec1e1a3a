import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../../hotline.ts';
import { sendAttachment } from '../../http/attachment-response.ts';
import { notFound } from '../../refusal.ts';
import { requireSession } from '../web-request.ts';

/** A message's file, for the page's thumbnails and links: its owner's session only, as the API's `url` is its owner's token only. */
export function fileRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.get<{ Params: { id: string } }>('/files/:id', { onRequest: requireSession }, async (request, reply) => {
    const file = await hotline.attachments.read(request.session!.user.id, request.params.id);
    if (!file) throw notFound('File');
    return sendAttachment(reply, file);
  });
}
