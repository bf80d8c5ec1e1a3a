import type { FastifyInstance } from 'fastify';
import { maxFilesPerMessage } from '../../attachments/attached-file.ts';
import { createChat, deleteChat } from '../../chats/chats.ts';
import { postMessage } from '../../replies/start-reply.ts';
import { readChatCursor } from '../../http/chat-cursor-query.ts';
import { HttpError, httpErrorOf } from '../../http/http-error.ts';
import type { Hotline } from '../../hotline.ts';
import { notFound, Refusal } from '../../refusal.ts';
import type { rateLimits } from '../../http/rate-limits.ts';
import type { AssetCatalog } from '../assets/asset-catalog.ts';
import { verifyCsrf } from '../sessions/csrf.ts';
import { chatListPage } from '../views/chat-list-page.ts';
import { chatPage } from '../views/chat-page.ts';
import { newChatPage } from '../views/new-chat-page.ts';
import { pageContext, requireSession } from '../web-request.ts';
import { chatListing } from './chat-listing.ts';
import { readMessageForm, storeFormFiles } from './message-form.ts';
import { suggestedModels } from './suggested-models.ts';

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
  /** The home page; `?before=` (its "Older chats" link) shows the page of chats after that cursor. */
  app.get<{ Querystring: { before?: string } }>('/', { onRequest: requireSession }, async (request, reply) => {
    const before = readChatCursor(request.query.before, 'This link to older chats is broken. Your newest chats are on the home page.');
    const chats = await chatListing(hotline.chats, request.session!.user.id, before);
    const start = { model: hotline.catalog.defaultModel };
    const page = chatListPage(pageContext(request, reply, assets), chats, !before, hotline.clock.now(), start, suggestedModels(hotline));
    return reply.type('text/html').send(page);
  });

  app.get('/chats/new', { onRequest: requireSession }, async (request, reply) => {
    const page = newChatPage(
      pageContext(request, reply, assets),
      { model: hotline.catalog.defaultModel, tools: defaultWebTools },
      suggestedModels(hotline),
      hotline.tools.list(),
    );
    return reply.type('text/html').send(page);
  });

  const maxFileBytes = hotline.config.limits.maxAttachmentBytes;
  const formLimit = { bodyLimit: maxFilesPerMessage * (maxFileBytes + 64 * 1024) + hotline.config.limits.maxContentBytes * 2 };
  /** A new chat, and its first message when one was typed: start by typing, no form first. */
  app.post('/chats', { onRequest: requireSession, ...limits.chats, ...formLimit }, async (request, reply) => {
    const form = await readMessageForm(request, maxFileBytes);
    verifyCsrf(request);
    const user = request.session!.user;
    const fields = form.fields;
    const content = fields.content ?? '';
    try {
      if (Buffer.byteLength(content) > hotline.config.limits.maxContentBytes) {
        throw new HttpError(413, 'too_large', `A message can be at most ${hotline.config.limits.maxContentBytes} bytes.`);
      }
      if (content.trim() === '' && form.files.length > 0) throw new HttpError(422, 'invalid_body', 'Write a message to go with the files.');
      const chat = await createChat(hotline, user, {
        title: fields.title,
        model: fields.model?.trim() || undefined,
        system: fields.system,
        knowledgeBase: fields.knowledgeBase === 'on',
        tools: toolsOfForm(fields),
      });
      if (content.trim() !== '') {
        try {
          await postMessage(hotline, user, chat.id, content, await storeFormFiles(hotline, user, chat, form.files));
        } catch (error) {
          // The chat was only made for this message: refused, it goes too, and the form says why.
          await deleteChat(hotline, user, chat.id);
          throw error;
        }
      }
      return reply.redirect(`/chats/${chat.id}`, 303);
    } catch (error) {
      const refused = error instanceof Refusal ? httpErrorOf(error) : error instanceof HttpError ? error : undefined;
      if (!refused || refused.statusCode === 404 || refused.statusCode >= 500) throw error;
      const shown = {
        title: fields.title,
        model: fields.model ?? '',
        system: fields.system,
        knowledgeBase: fields.knowledgeBase === 'on',
        tools: toolsOfForm(fields),
        content,
        error: refused.message,
      };
      const page = newChatPage(pageContext(request, reply, assets), shown, suggestedModels(hotline), hotline.tools.list());
      return reply.status(refused.statusCode).headers(refused.headers).type('text/html').send(page);
    }
  });

  app.get<{ Params: { id: string }; Querystring: { stream?: string } }>('/chats/:id', { onRequest: requireSession }, async (request, reply) => {
    const chat = await hotline.chats.find(request.session!.user.id, request.params.id);
    if (!chat) throw notFound('Chat');
    const shown = await hotline.messages.currentPath(chat.id);
    const transport = request.query.stream === 'websocket' ? 'websocket' : 'sse';
    const chats = await chatListing(hotline.chats, request.session!.user.id);
    return reply.type('text/html').send(chatPage(pageContext(request, reply, assets), chat, shown, chats, await hotline.modelDirectory.list(), transport));
  });
}
