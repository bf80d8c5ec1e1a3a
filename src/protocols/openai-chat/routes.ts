import { z } from 'zod';
import { HttpError } from '../../http/http-error.ts';
import type { ServerExtension } from '../../http/server-extension.ts';
import { takeStreamSlot } from '../../http/stream-slot.ts';
import type { MessageRow } from '../../messages/message.ts';
import { partsOfRow } from '../../streams/reply-parts.ts';
import { terminalEventOfRow } from '../../streams/terminal-event.ts';
import { inputMessage, conversationOf } from '../openai/input-messages.ts';
import { modelsRoute } from '../openai/models-route.ts';
import { parseOpenAiBody } from '../openai/openai-body.ts';
import { openAiScope } from '../openai/openai-scope.ts';
import { startInNewChat } from '../openai/start-openai-reply.ts';
import { streamReply, whileConnected, wholeReply } from '../reply-over-sse.ts';
import { ChatCompletionEncoder, completionHead, completionUsage, finishReasonOf } from './chat-completion-encoder.ts';

export const chatCompletionRequest = z.looseObject({
  model: z.string().min(1).max(200),
  messages: z.array(inputMessage).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
});

/** `POST /v1/chat/completions` and `GET /v1/models` (API.md, "OpenAI API"). */
export const openAiChatRoutes: ServerExtension = async (app, hotline, { openStreams, limits }) => {
  openAiScope(app, hotline);
  modelsRoute(app, hotline);

  app.post('/v1/chat/completions', limits.messages, async (request, reply) => {
    const body = parseOpenAiBody(chatCompletionRequest, request.body);
    const conversation = conversationOf(body.messages, hotline.config.limits.maxContentBytes);
    if (!body.stream) {
      const message = await startInNewChat(hotline, request.user, { model: body.model, ...conversation });
      return completionOf(await endOf(message, () => wholeReply(hotline, message, whileConnected(reply.raw))));
    }
    const releaseSlot = await takeStreamSlot(hotline, request.user.id);
    let message: MessageRow;
    try {
      message = await startInNewChat(hotline, request.user, { model: body.model, ...conversation });
    } catch (error) {
      releaseSlot();
      throw error;
    }
    await streamReply(hotline, request, reply, openStreams, message, new ChatCompletionEncoder(message, body.stream_options?.include_usage === true), {
      releaseSlot,
    });
  });

  /** The stored reply once it has ended; a reply that failed is an error, as OpenAI answers one. */
  async function endOf(message: MessageRow, follow: () => Promise<unknown>): Promise<MessageRow> {
    await follow();
    const ended = (await hotline.messages.findById(message.id))!;
    const terminal = terminalEventOfRow(ended);
    if (terminal.type === 'error') throw new HttpError(500, 'generation_failed', terminal.message);
    return ended;
  }
};

function completionOf(row: MessageRow) {
  const reasoning = partsOfRow(row)
    .filter((part) => part.type === 'reasoning')
    .map((part) => part.text)
    .join('');
  const usage = {
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedInputTokens: row.cached_input_tokens,
    reasoningTokens: row.reasoning_tokens,
  };
  return {
    ...completionHead(row),
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: row.content, refusal: null, ...(reasoning ? { reasoning_content: reasoning } : {}) },
        logprobs: null,
        finish_reason: finishReasonOf(row.finish_reason),
      },
    ],
    usage: completionUsage(usage),
  };
}
