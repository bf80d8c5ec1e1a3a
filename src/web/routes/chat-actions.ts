import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deleteChat, setCurrentMessage, updateChat } from '../../chats/chats.ts';
import type { Hotline } from '../../hotline.ts';
import { verifyCsrf } from '../sessions/csrf.ts';
import { turboStream, turboStreamContentType } from '../views/turbo-stream.ts';
import { domIds } from '../views/dom-ids.ts';
import { formFields, requireSession, wantsTurboStream } from '../web-request.ts';

/** Changes to a chat as a whole, from its page and the chat list: each redirects, and every open tab hears of it. */
export function chatActionRoutes(app: FastifyInstance, hotline: Hotline): void {
  app.post<{ Params: { id: string } }>('/chats/:id/delete', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    await deleteChat(hotline, request.session!.user, request.params.id);
    return reply.redirect('/', 303);
  });

  app.post<{ Params: { id: string } }>('/chats/:id/rename', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    await updateChat(hotline, request.session!.user, request.params.id, { title: (formFields(request).title ?? '').slice(0, 200) });
    return changed(request, reply);
  });

  app.post<{ Params: { id: string } }>('/chats/:id/model', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    const fields = formFields(request);
    const model = (fields.model || fields.other || '').trim();
    await updateChat(hotline, request.session!.user, request.params.id, { model });
    return changed(request, reply);
  });

  /** The arrows of "2/3": the chat's stream shows the new path in every tab, this one included. */
  app.post<{ Params: { id: string } }>('/chats/:id/current', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    await setCurrentMessage(hotline, request.session!.user, request.params.id, formFields(request).messageId ?? '');
    return changed(request, reply);
  });
}

/** Without JavaScript, back to the chat; with Turbo, nothing more: the chat's stream shows the change in every tab. */
function changed(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  if (!wantsTurboStream(request)) return reply.redirect(`/chats/${request.params.id}`, 303);
  return reply.type(turboStreamContentType).send(turboStream('update', domIds.notice).value);
}
