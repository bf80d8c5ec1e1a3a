import { z } from 'zod';
import { HttpError } from '../../http/http-error.ts';
import type { ServerExtension } from '../../http/server-extension.ts';
import { takeStreamSlot } from '../../http/stream-slot.ts';
import type { MessageRow } from '../../messages/message.ts';
import type { ToolSpec } from '../../providers/model-provider.ts';
import { partsOfRow, type ToolCallPart } from '../../streams/reply-parts.ts';
import { terminalEventOfRow } from '../../streams/terminal-event.ts';
import { inputMessage, conversationOf } from '../openai/input-messages.ts';
import { modelsRoute } from '../openai/models-route.ts';
import { parseOpenAiBody } from '../openai/openai-body.ts';
import { openAiScope } from '../openai/openai-scope.ts';
import { startInNewChat } from '../openai/start-openai-reply.ts';
import { streamReply, whileConnected, wholeReply } from '../reply-over-sse.ts';
import { ChatCompletionEncoder, completionHead, completionUsage, finishReasonOf, toolCallOf } from './chat-completion-encoder.ts';

/** A function the client declares: the model may call it, and the call is handed back to the client to run. */
const functionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, underscores or dashes'),
    description: z.string().max(8192).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const chatCompletionRequest = z.looseObject({
  model: z.string().min(1).max(200),
  messages: z.array(inputMessage).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  tools: z
    .array(functionTool)
    .max(128)
    .refine((tools) => new Set(tools.map((tool) => tool.function.name)).size === tools.length, 'each tool must have a name of its own')
    .nullish(),
  // The model chooses whether to call (`auto`) or is offered nothing (`none`); forcing a call is not offered by every provider Hotline speaks to.
  tool_choice: z.enum(['auto', 'none'], { message: 'must be auto or none' }).nullish(),
});

/** The client's tools as the model is offered them; none when it chose `none`. */
function clientToolsOf(body: z.infer<typeof chatCompletionRequest>): ToolSpec[] {
  if (body.tool_choice === 'none') return [];
  return (body.tools ?? []).map(({ function: f }) => ({
    name: f.name,
    description: f.description ?? '',
    inputSchema: f.parameters ?? { type: 'object', properties: {} },
  }));
}

/** `POST /v1/chat/completions` and `GET /v1/models` (API.md, "OpenAI API"). */
export const openAiChatRoutes: ServerExtension = async (app, hotline, { openStreams, limits }) => {
  openAiScope(app, hotline);
  modelsRoute(app, hotline);

  app.post('/v1/chat/completions', limits.messages, async (request, reply) => {
    const body = parseOpenAiBody(chatCompletionRequest, request.body);
    const conversation = conversationOf(body.messages, hotline.config.limits.maxContentBytes);
    const clientTools = clientToolsOf(body);
    const names = new Set(clientTools.map((tool) => tool.name));
    if (!body.stream) {
      const message = await startInNewChat(hotline, request.user, { ...conversation, clientTools, model: body.model });
      return completionOf(await endOf(message, () => wholeReply(hotline, message, whileConnected(reply.raw))), names);
    }
    const releaseSlot = await takeStreamSlot(hotline, request.user.id);
    let message: MessageRow;
    try {
      message = await startInNewChat(hotline, request.user, { ...conversation, clientTools, model: body.model });
    } catch (error) {
      releaseSlot();
      throw error;
    }
    const encoder = new ChatCompletionEncoder(message, body.stream_options?.include_usage === true, names);
    await streamReply(hotline, request, reply, openStreams, message, encoder, { releaseSlot });
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

function completionOf(row: MessageRow, clientTools: ReadonlySet<string>) {
  const parts = partsOfRow(row);
  const reasoning = parts
    .filter((part) => part.type === 'reasoning')
    .map((part) => part.text)
    .join('');
  const handedBack = parts.filter((part): part is ToolCallPart => part.type === 'tool-call' && clientTools.has(part.name)).map(toolCallOf);
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
        message: {
          role: 'assistant',
          // A message that only hands calls back has no content, as OpenAI's.
          content: handedBack.length > 0 && row.content === '' ? null : row.content,
          refusal: null,
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(handedBack.length > 0 ? { tool_calls: handedBack } : {}),
        },
        logprobs: null,
        finish_reason: finishReasonOf(row.finish_reason, handedBack.length > 0),
      },
    ],
    usage: completionUsage(usage),
  };
}
