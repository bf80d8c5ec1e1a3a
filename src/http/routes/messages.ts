import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Hotline } from '../../hotline.ts';
import { toMessage, type MessageRow } from '../../messages/message.ts';
import { editMessage, postMessage, retryReply, stopReply } from '../../messages/replies.ts';
import { HttpError, notFound } from '../http-error.ts';
import type { rateLimits } from '../rate-limits.ts';
import { parseBody } from '../validation.ts';

const newMessage = z.object({
  content: z.string().refine((s) => s.trim().length > 0, 'must not be empty'),
});
const postedMessage = newMessage.extend({ attachments: z.array(z.string().min(1).max(100)).max(50).optional() });

export function messageRoutes(app: FastifyInstance, hotline: Hotline, limits: ReturnType<typeof rateLimits>): void {
  const shown = async (row: MessageRow) => toMessage(row, await hotline.messages.versionsOf(row));

  /** A message's text from a request body: not empty, and within the configured size. */
  function contentOf(body: unknown): string {
    const { content } = parseBody(newMessage, body);
    const max = hotline.config.limits.maxContentBytes;
    if (Buffer.byteLength(content) > max) throw new HttpError(413, 'too_large', `content: must be at most ${max} bytes`);
    return content;
  }

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

  app.post<{ Params: { id: string } }>('/api/messages/:id/retry', limits.messages, async (request, reply) => {
    const message = await retryReply(hotline, request.user, request.params.id);
    return reply.status(202).send({ assistantMessage: await shown(message) });
  });
}
