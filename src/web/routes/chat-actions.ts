import type { FastifyInstance } from 'fastify';
import { deleteChat } from '../../chats/chats.ts';
import type { Hotline } from '../../hotline.ts';
import { verifyCsrf } from '../sessions/csrf.ts';
import { requireSession } from '../web-request.ts';

/** Changes to a chat as a whole, from its page and the chat list: each redirects, and every open tab hears of it. */
export function chatActionRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.post<{ Params: { id: string } }>('/chats/:id/delete', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    await deleteChat(hotline, request.session!.user, request.params.id);
    return reply.redirect('/', 303);
  });
}
