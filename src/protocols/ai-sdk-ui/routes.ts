import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../../accounts/user-store.ts';
import type { Hotline } from '../../hotline.ts';
import { requireUser } from '../../http/authenticate.ts';
import { HttpError } from '../../http/http-error.ts';
import { notFound } from '../../refusal.ts';
import type { ServerExtension } from '../../http/server-extension.ts';
import { takeStreamSlot } from '../../http/stream-slot.ts';
import { parseBody } from '../../http/validation.ts';
import { isFinished, type MessageRow } from '../../messages/message.ts';
import { decideToolCall } from '../../replies/decide-tool-call.ts';
import { postMessage, retryReply } from '../../replies/start-reply.ts';
import { stopReply } from '../../replies/stop-reply.ts';
import { storedFrames } from '../../streams/stored-frames.ts';
import { parseResumeId } from '../../streams/resume-id.ts';
import { startEventStream } from '../../http/event-stream.ts';
import { streamReply } from '../reply-over-sse.ts';
import { approvalResponses, lastChunkOfWait, type ApprovalResponse } from './approval-responses.ts';
import { clientChat, findClientChat } from './client-chat.ts';
import { UiMessageEncoder, uiMessageStreamHeaders } from './ui-message-encoder.ts';
import { toUiMessages } from './ui-messages.ts';

/**
 * What `DefaultChatTransport` posts; Hotline reads the last message: the user's new one (its text), or the
 * reply itself carrying the user's approval responses.
 */
export const aiSdkChatRequest = z.object({
  id: z.string().min(1).max(200),
  messages: z
    .array(
      z.looseObject({
        id: z.string().max(200).optional(),
        role: z.enum(['system', 'user', 'assistant']),
        parts: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
      }),
    )
    .min(1),
  trigger: z.enum(['submit-message', 'regenerate-message']),
  messageId: z.string().max(200).optional(),
});

type ChatParams = { Params: { id: string } };

/** The AI SDK UI message stream (API.md, "AI SDK UI message stream"): `useChat` with Hotline as its backend. */
export const aiSdkRoutes: ServerExtension = async (app, hotline, { openStreams, limits }) => {
  requireUser(app, hotline);

  app.post('/api/ai-sdk/chat', limits.messages, async (request, reply) => {
    const body = parseBody(aiSdkChatRequest, request.body);
    // A reply sent back with the user's decisions on its tool calls: the AI SDK's way to answer an approval request.
    const last = body.messages.at(-1)!;
    const decisions = body.trigger === 'submit-message' && last.role === 'assistant' ? approvalResponses(last.parts) : [];
    if (decisions.length > 0) return goOnAfterApprovals(request, reply, body, decisions);
    // Checked before anything is made or stored: bad input leaves nothing behind.
    const question = body.trigger === 'submit-message' ? questionOf(hotline, body) : undefined;
    // Taken before the chat or the reply is made: a user at the cap gets 429 with nothing stored.
    const releaseSlot = await takeStreamSlot(hotline, request.user.id);
    let message: MessageRow;
    try {
      const chat = await clientChat(hotline, request.user, body.id);
      message =
        question === undefined
          ? await regenerate(hotline, request.user, chat.id, body.messageId)
          : (await postMessage(hotline, request.user, chat.id, question)).assistantMessage;
    } catch (error) {
      releaseSlot();
      throw error;
    }
    await streamReply(hotline, request, reply, openStreams, message, new UiMessageEncoder(message.id), { headers: uiMessageStreamHeaders, releaseSlot });
  });

  /**
   * The user's decisions on a reply's waiting tool calls, sent the AI SDK way, applied as the JSON API's
   * approval route applies them (each once; another user's reply is not found); then the reply's stream
   * goes on from where it stopped for the decision.
   */
  async function goOnAfterApprovals(request: FastifyRequest, reply: FastifyReply, body: z.infer<typeof aiSdkChatRequest>, decisions: ApprovalResponse[]) {
    const chat = await findClientChat(hotline, request.user, body.id);
    const messageId = body.messages.at(-1)!.id;
    const waiting = chat && messageId !== undefined ? await hotline.messages.find(request.user.id, messageId) : undefined;
    if (!waiting || waiting.chat_id !== chat!.id || waiting.role !== 'assistant') throw notFound('Message');
    const after = lastChunkOfWait(waiting);
    const releaseSlot = await takeStreamSlot(hotline, request.user.id);
    let message: MessageRow = waiting;
    try {
      for (const { toolCallId, approved } of decisions) message = await decideToolCall(hotline, request.user, waiting.id, toolCallId, approved);
    } catch (error) {
      releaseSlot();
      throw error;
    }
    await streamReply(hotline, request, reply, openStreams, message, new UiMessageEncoder(message.id, after), { headers: uiMessageStreamHeaders, releaseSlot });
  }

  app.get<ChatParams & { Querystring: { lastEventId?: string } }>('/api/ai-sdk/chat/:id/stream', async (request, reply) => {
    const chat = await findClientChat(hotline, request.user, request.params.id);
    // A chat that does not exist yet has nothing streaming: `useChat` asks on mount, before its first message.
    if (!chat) return reply.status(204).send();
    const header = request.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header) || request.query.lastEventId || '';
    if (lastEventId === '') {
      const [active] = await hotline.messages.streamingInChat(chat.id);
      const message = active === undefined ? undefined : await hotline.messages.findById(active);
      if (!message) return reply.status(204).send();
      return streamReply(hotline, request, reply, openStreams, message, new UiMessageEncoder(message.id), { headers: uiMessageStreamHeaders });
    }
    const { message, after } = await resumedMessage(hotline, chat.id, lastEventId);
    if (!isFinished(message.status)) {
      return streamReply(hotline, request, reply, openStreams, message, new UiMessageEncoder(message.id, after), { headers: uiMessageStreamHeaders });
    }
    return sendEndedRest(reply, message, after);
  });

  app.post<ChatParams>('/api/ai-sdk/chat/:id/stop', async (request, reply) => {
    const chat = await findClientChat(hotline, request.user, request.params.id);
    if (!chat) throw notFound('Chat');
    const stopped: string[] = [];
    for (const id of await hotline.messages.streamingInChat(chat.id)) stopped.push((await stopReply(hotline, request.user, id)).id);
    return reply.status(202).send({ stopped });
  });

  app.get<ChatParams>('/api/ai-sdk/chat/:id/messages', async (request) => {
    const chat = await findClientChat(hotline, request.user, request.params.id);
    if (!chat) throw notFound('Chat');
    const { path } = await hotline.messages.currentPath(chat.id);
    return { messages: await toUiMessages(path) };
  });
};

/** A new version of a reply of this chat: the one named, or the last one on the chat's path. */
async function regenerate(hotline: Hotline, user: User, chatId: string, messageId: string | undefined): Promise<MessageRow> {
  const { path } = await hotline.messages.currentPath(chatId);
  const target = messageId ?? path.findLast((m) => m.role === 'assistant')?.id;
  const previous = target === undefined ? undefined : await hotline.messages.find(user.id, target);
  if (!previous || previous.chat_id !== chatId) throw notFound('Message');
  return retryReply(hotline, user, previous.id);
}

/** The text of the user's new message, the request's last; the history before it is the server's own. */
function questionOf(hotline: Hotline, body: z.infer<typeof aiSdkChatRequest>): string {
  const last = body.messages.at(-1)!;
  if (last.role !== 'user') {
    throw new HttpError(422, 'invalid_body', 'messages: the last message must be the user’s new message, or the reply with the user’s approval responses');
  }
  const content = last.parts.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
  if (content.trim() === '') throw new HttpError(422, 'invalid_body', 'messages: the last message has no text');
  const max = hotline.config.limits.maxContentBytes;
  if (Buffer.byteLength(content) > max) throw new HttpError(413, 'too_large', `content: must be at most ${max} bytes`);
  return content;
}

/** The reply of this chat that a Last-Event-ID belongs to, and the number it names. */
async function resumedMessage(hotline: Hotline, chatId: string, lastEventId: string): Promise<{ message: MessageRow; after: number }> {
  for (const message of (await hotline.messages.listForChat(chatId)).reverse()) {
    if (message.role !== 'assistant') continue;
    const after = parseResumeId(message.id, lastEventId);
    if (after !== undefined) return { message, after };
  }
  throw new HttpError(400, 'invalid_last_event_id', 'Last-Event-ID does not belong to a reply of this chat');
}

/** The rest of a reply that ended while its client was away; 204 when the client has it all. */
function sendEndedRest(reply: FastifyReply, message: MessageRow, after: number): FastifyReply | void {
  const encoder = new UiMessageEncoder(message.id, after);
  const rest = encoder.opening() + encoder.frames(storedFrames(message, 0));
  // Anything owed comes before the closing `[DONE]`, and every chunk starts with its id.
  if (!rest.startsWith('id: ')) return reply.status(204).send();
  reply.hijack();
  for (const [name, value] of Object.entries(uiMessageStreamHeaders)) reply.raw.setHeader(name, value);
  startEventStream(reply.raw);
  reply.raw.end(rest);
}
