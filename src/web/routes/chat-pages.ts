import type { FastifyInstance } from 'fastify';
import { createChat } from '../../chats/chats.ts';
import type { Hotline } from '../../hotline.ts';
import { notFound, Refusal } from '../../refusal.ts';
import type { rateLimits } from '../../http/rate-limits.ts';
import type { AssetCatalog } from '../assets/asset-catalog.ts';
import { verifyCsrf } from '../sessions/csrf.ts';
import { chatListPage } from '../views/chat-list-page.ts';
import { chatPage } from '../views/chat-page.ts';
import { newChatPage } from '../views/new-chat-page.ts';
import { formFields, pageContext, requireSession } from '../web-request.ts';
import { suggestedModels } from './suggested-models.ts';

/** The list of chats, a new chat, and a chat's page. */
/** A chat started in the browser may tell the time from the start: the offline model shows a tool call with it. */
const defaultWebTools = ['current_time'];

/** The tools a new-chat form chose (a `tool_<name>` box each); a chat started without the form gets the default. */
function toolsOfForm(fields: Record<string, string>): string[] {
  if (fields.toolsChosen !== 'on') return defaultWebTools;
  return Object.keys(fields)
    .filter((key) => key.startsWith('tool_') && fields[key] === 'on')
    .map((key) => key.slice('tool_'.length));
}

export function chatPageRoutes(app: FastifyInstance, hotline: Hotline, assets: AssetCatalog, limits: ReturnType<typeof rateLimits>): void {
  app.get('/', { onRequest: requireSession }, async (request, reply) => {
    const { chats } = await hotline.chats.list(request.session!.user.id);
    return reply.type('text/html').send(chatListPage(pageContext(request, reply, assets), chats, hotline.clock.now()));
  });

  app.get('/chats/new', { onRequest: requireSession }, async (request, reply) => {
    const page = newChatPage(pageContext(request, reply, assets), { model: hotline.catalog.defaultModel, tools: defaultWebTools }, suggestedModels(hotline), hotline.tools.list());
    return reply.type('text/html').send(page);
  });

  app.post('/chats', { onRequest: requireSession, ...limits.chats }, async (request, reply) => {
    verifyCsrf(request);
    const fields = formFields(request);
    try {
      const chat = await createChat(hotline, request.session!.user, {
        title: fields.title,
        model: fields.model?.trim() || undefined,
        system: fields.system,
        knowledgeBase: fields.knowledgeBase === 'on',
        tools: toolsOfForm(fields),
      });
      return reply.redirect(`/chats/${chat.id}`, 303);
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind !== 'invalid') throw error;
      const form = { title: fields.title, model: fields.model ?? '', system: fields.system, knowledgeBase: fields.knowledgeBase === 'on', tools: toolsOfForm(fields), error: error.message };
      return reply.status(422).type('text/html').send(newChatPage(pageContext(request, reply, assets), form, suggestedModels(hotline), hotline.tools.list()));
    }
  });

  app.get<{ Params: { id: string }; Querystring: { stream?: string } }>('/chats/:id', { onRequest: requireSession }, async (request, reply) => {
    const chat = await hotline.chats.find(request.session!.user.id, request.params.id);
    if (!chat) throw notFound('Chat');
    const shown = await hotline.messages.currentPath(chat.id);
    const transport = request.query.stream === 'websocket' ? 'websocket' : 'sse';
    const { chats } = await hotline.chats.list(request.session!.user.id);
    return reply.type('text/html').send(chatPage(pageContext(request, reply, assets), chat, shown, chats, await hotline.modelDirectory.list(), transport));
  });
}
