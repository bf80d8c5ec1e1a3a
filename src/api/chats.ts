import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { encodeChatCursor, type Chat } from '../chats/chat-store.ts';
import { createChat, deleteChat, setCurrentMessage, updateChat } from '../chats/chats.ts';
import type { Hotline } from '../hotline.ts';
import { toMessage } from '../messages/message.ts';
import { readChatCursor } from '../http/chat-cursor-query.ts';
import { HttpError } from '../http/http-error.ts';
import { notFound } from '../refusal.ts';
import type { rateLimits } from '../http/rate-limits.ts';
import { parseBody } from '../http/validation.ts';

// The shapes only: the rules for a title, a model and a system prompt are the domain's (chats/chats.ts).
export const newChat = z.object({
  title: z.string().nullish(),
  model: z.string().nullish(),
  system: z.string().nullish(),
  knowledgeBase: z.boolean().nullish(),
  tools: z.array(z.string().max(200)).max(100).nullish(),
});

export const chatChanges = z.strictObject({
  title: z.string().max(200).optional(),
  model: z.string().min(1).max(200).optional(),
  system: z
    .string()
    .max(64 * 1024)
    .nullable()
    .optional(),
  knowledgeBase: z.boolean().optional(),
  tools: z.array(z.string().max(200)).max(100).optional(),
});

export const currentMessage = z.object({ messageId: z.string().min(1).max(200) });

/** A chat as the API shows it: with the messages of its current path, in order. */
async function chatWithPath(hotline: Hotline, chat: Chat) {
  const { tree, path } = await hotline.messages.currentPath(chat.id);
  return { ...chat, messages: path.map((row) => toMessage(row, tree.versionsOf(row))) };
}

export const page = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z.string().optional(),
});

export function chatRoutes(app: FastifyInstance, hotline: Hotline, limits: ReturnType<typeof rateLimits>): void {
  app.post('/api/chats', limits.chats, async (request, reply) => {
    // No body makes a chat with the defaults; a body must be an object (a JSON `null` is not one).
    const body = parseBody(newChat, request.body === undefined ? {} : request.body);
    const chat = await createChat(hotline, request.user, {
      title: body.title ?? undefined,
      model: body.model ?? undefined,
      system: body.system ?? undefined,
      knowledgeBase: body.knowledgeBase ?? undefined,
      tools: body.tools ?? undefined,
    });
    return reply.status(201).send(chat);
  });

  app.get('/api/chats', async (request) => {
    const query = page.safeParse(request.query);
    if (!query.success) throw new HttpError(400, 'invalid_query', 'limit: must be a whole number from 1 to 100');
    const before = readChatCursor(query.data.before);
    const { chats, next } = await hotline.chats.list(request.user.id, { limit: query.data.limit, before });
    return { chats, next: next && encodeChatCursor(next) };
  });

  app.get<{ Params: { id: string } }>('/api/chats/:id', async (request) => {
    const chat = await hotline.chats.find(request.user.id, request.params.id);
    if (!chat) throw notFound('Chat');
    return chatWithPath(hotline, chat);
  });

  app.patch<{ Params: { id: string } }>('/api/chats/:id', async (request) => {
    const body = parseBody(chatChanges, request.body);
    return updateChat(hotline, request.user, request.params.id, {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.model !== undefined ? { model: body.model } : {}),
      ...(body.system !== undefined ? { system: body.system?.trim() ? body.system : null } : {}),
      ...(body.knowledgeBase !== undefined ? { knowledgeBase: body.knowledgeBase } : {}),
      ...(body.tools !== undefined ? { tools: body.tools } : {}),
    });
  });

  app.put<{ Params: { id: string } }>('/api/chats/:id/current', async (request) => {
    const { messageId } = parseBody(currentMessage, request.body);
    return chatWithPath(hotline, await setCurrentMessage(hotline, request.user, request.params.id, messageId));
  });

  app.delete<{ Params: { id: string } }>('/api/chats/:id', async (request, reply) => {
    await deleteChat(hotline, request.user, request.params.id);
    return reply.status(204).send();
  });
}
