import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Hotline } from '../hotline.ts';
import { toMessage, type MessageRow } from '../messages/message.ts';
import { editMessage, postMessage, retryReply } from '../replies/start-reply.ts';
import { stopReply } from '../replies/stop-reply.ts';
import { decideToolCall } from '../replies/decide-tool-call.ts';
import { notFound } from '../refusal.ts';
import type { rateLimits } from '../http/rate-limits.ts';
import { parseBody } from '../http/validation.ts';

export const newMessage = z.object({ content: z.string() });
export const toolCallDecision = z.object({ approved: z.boolean() });
const postedMessage = newMessage.extend({ attachments: z.array(z.string().min(1).max(100)).max(50).optional() });

export function messageRoutes(app: FastifyInstance, hotline: Hotline, limits: ReturnType<typeof rateLimits>): void {
  const shown = async (row: MessageRow) => toMessage(row, await hotline.messages.versionsOf(row));

  // The shape only: the rules for a message's text (not empty, within the size limit) are the domain's.
  const contentOf = (body: unknown): string => parseBody(newMessage, body).content;

  app.post<{ Params: { id: string } }>('/api/chats/:id/messages', limits.messages, async (request, reply) => {
    const content = contentOf(request.body);
    const { attachments } = parseBody(postedMessage, request.body);
    const turn = await postMessage(hotline, request.user, request.params.id, content, attachments);
    return reply.status(202).send({ userMessage: await shown(turn.userMessage), assistantMessage: await shown(turn.assistantMessage) });
  });

  app.post<{ Params: { id: string } }>('/api/messages/:id/edit', limits.messages, async (request, reply) => {
    const content = contentOf(request.body);
    const turn = await editMessage(hotline, request.user, request.params.id, content);
    return reply.status(202).send({ userMessage: await shown(turn.userMessage), assistantMessage: await shown(turn.assistantMessage) });
  });

  app.get<{ Params: { id: string } }>('/api/messages/:id', async (request) => {
    const message = await hotline.messages.find(request.user.id, request.params.id);
    if (!message) throw notFound('Message');
    return shown(message);
  });

  app.post<{ Params: { id: string } }>('/api/messages/:id/stop', async (request, reply) => {
    const message = await stopReply(hotline, request.user, request.params.id);
    return reply.status(202).send({ assistantMessage: await shown(message) });
  });

  app.post<{ Params: { id: string; toolCallId: string } }>('/api/messages/:id/tool-calls/:toolCallId', async (request, reply) => {
    const { approved } = parseBody(toolCallDecision, request.body);
    const message = await decideToolCall(hotline, request.user, request.params.id, request.params.toolCallId, approved);
    return reply.status(202).send({ assistantMessage: await shown(message) });
  });

  app.post<{ Params: { id: string } }>('/api/messages/:id/retry', limits.messages, async (request, reply) => {
    const message = await retryReply(hotline, request.user, request.params.id);
    return reply.status(202).send({ assistantMessage: await shown(message) });
  });
}
