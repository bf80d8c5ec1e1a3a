import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../../accounts/user-store.ts';
import { updateChat } from '../../chats/chats.ts';
import type { Hotline } from '../../hotline.ts';
import { HttpError } from '../../http/http-error.ts';
import { notFound } from '../../refusal.ts';
import type { ServerExtension } from '../../http/server-extension.ts';
import { takeStreamSlot } from '../../http/stream-slot.ts';
import type { MessageRow } from '../../messages/message.ts';
import { postConversation } from '../../replies/start-reply.ts';
import { stopReply } from '../../replies/stop-reply.ts';
import { conversationOf, inputMessage } from '../openai/input-messages.ts';
import { parseOpenAiBody } from '../openai/openai-body.ts';
import { openAiScope } from '../openai/openai-scope.ts';
import { startInNewChat } from '../openai/start-openai-reply.ts';
import { streamReply, whileConnected, wholeReply } from '../reply-over-sse.ts';
import { ResponseEventEncoder } from './response-event-encoder.ts';
import { messageIdOf, responseBase, responseOf } from './response-object.ts';

export const responseRequest = z.looseObject({
  model: z.string().min(1).max(200).optional(),
  input: z.union([z.string(), z.array(inputMessage).min(1)]),
  instructions: z.string().nullish(),
  previous_response_id: z.string().nullish(),
  background: z.boolean().nullish(),
  stream: z.boolean().nullish(),
});

export const responseQuery = z.object({
  stream: z.enum(['true', 'false']).optional(),
  starting_after: z.coerce.number().int().min(-1).optional(),
});

type Params = { Params: { id: string } };

/** The Responses API (API.md, "OpenAI API"): `POST /v1/responses`, retrieve, resume by `starting_after`, cancel. */
export const openAiResponsesRoutes: ServerExtension = async (app, hotline, { openStreams, limits }) => {
  openAiScope(app, hotline);

  app.post('/v1/responses', limits.messages, async (request, reply) => {
    const body = parseOpenAiBody(responseRequest, request.body);
    const messages = typeof body.input === 'string' ? [{ role: 'user' as const, content: body.input }] : body.input;
    const conversation = conversationOf(messages, hotline.config.limits.maxContentBytes);
    if (conversation.question === undefined) throw new HttpError(400, 'invalid_request', 'input: the last item must be the user’s message');
    const background = body.background ?? false;
    const releaseSlot = body.stream ? await takeStreamSlot(hotline, request.user.id) : undefined;
    let message: MessageRow;
    try {
      message = await start(hotline, request.user, body, conversation);
    } catch (error) {
      releaseSlot?.();
      throw error;
    }
    const base = await responseBase(hotline, message, background);
    if (body.stream) {
      return streamReply(hotline, request, reply, openStreams, message, new ResponseEventEncoder(message.id, base, 'queued'), { releaseSlot: releaseSlot! });
    }
    if (background) return responseOf(base, message);
    await wholeReply(hotline, message, whileConnected(reply.raw));
    return responseOf(base, (await hotline.messages.findById(message.id))!);
  });

  app.get<Params & { Querystring: Record<string, string> }>('/v1/responses/:id', async (request, reply) => {
    const query = responseQuery.safeParse(request.query);
    if (!query.success) throw new HttpError(400, 'invalid_request', `${query.error.issues[0]!.path.join('.')}: ${query.error.issues[0]!.message}`);
    const message = await responseMessage(hotline, request);
    const base = await responseBase(hotline, message);
    if (query.data.stream !== 'true') return responseOf(base, message);
    const encoder = new ResponseEventEncoder(message.id, base, message.started_at === null ? 'queued' : 'in_progress', query.data.starting_after ?? -1);
    return streamReply(hotline, request, reply, openStreams, message, encoder);
  });

  app.post<Params>('/v1/responses/:id/cancel', async (request) => {
    const message = await responseMessage(hotline, request);
    const stopped = await stopReply(hotline, request.user, message.id);
    return responseOf(await responseBase(hotline, stopped), stopped);
  });
};

/** The caller's reply a response id names; another user's, or no reply at all, is not found. */
async function responseMessage(hotline: Hotline, request: FastifyRequest<Params>): Promise<MessageRow> {
  const messageId = messageIdOf(request.params.id);
  const message = messageId === undefined ? undefined : await hotline.messages.find(request.user.id, messageId);
  if (!message || message.role !== 'assistant') throw new HttpError(404, 'not_found', `No response found with id '${request.params.id}'`);
  return message;
}

/** A new chat for a new conversation; with `previous_response_id`, the next turn of that response's chat, below it. */
async function start(
  hotline: Hotline,
  user: User,
  body: z.infer<typeof responseRequest>,
  conversation: ReturnType<typeof conversationOf>,
): Promise<MessageRow> {
  const system = [body.instructions, conversation.system].filter((s): s is string => Boolean(s)).join('\n\n') || undefined;
  if (!body.previous_response_id) {
    if (!body.model) throw new HttpError(400, 'invalid_request', 'model: required');
    return startInNewChat(hotline, user, { ...conversation, model: body.model, system });
  }
  const previousId = messageIdOf(body.previous_response_id);
  const previous = previousId === undefined ? undefined : await hotline.messages.find(user.id, previousId);
  if (!previous || previous.role !== 'assistant') throw notFound(`Previous response '${body.previous_response_id}'`);
  const changes = { ...(body.model ? { model: body.model } : {}), ...(system !== undefined ? { system } : {}) };
  if (Object.keys(changes).length > 0) await updateChat(hotline, user, previous.chat_id, changes);
  return postConversation(hotline, user, previous.chat_id, conversation, previous.id);
}
