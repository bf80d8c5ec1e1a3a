import type { MessageRow } from '../../messages/message.ts';
import { argumentsTextOf } from '../../providers/tool-arguments.ts';
import type { ReplyFrame } from '../../streams/reply-frame.ts';
import type { Usage } from '../../streams/reply-events.ts';
import { usageNumbers } from '../openai/input-messages.ts';
import { openAiError } from '../openai/openai-scope.ts';
import type { ReplyEncoder } from '../reply-over-sse.ts';

/**
 * Hotline's finish reasons as Chat Completions has them; a stopped reply finished with `stop`. `tool_calls`
 * says the client has calls to run, so it is the reason only of a reply that handed calls back.
 */
const finishReasons: Record<string, string> = {
  length: 'length',
  'content-filter': 'content_filter',
  content_filter: 'content_filter',
};
export const finishReasonOf = (reason: string | null, handedBack: boolean): string => (handedBack ? 'tool_calls' : (finishReasons[reason ?? 'stop'] ?? 'stop'));

/** A call to one of the client's tools as Chat Completions hands it back. */
export const toolCallOf = (call: { toolCallId: string; name: string; input: unknown }) => ({
  id: call.toolCallId,
  type: 'function',
  function: { name: call.name, arguments: argumentsTextOf(call.input) },
});

export function completionUsage(usage: Usage) {
  const n = usageNumbers(usage);
  return {
    prompt_tokens: n.input,
    completion_tokens: n.output,
    total_tokens: n.input + n.output,
    prompt_tokens_details: { cached_tokens: n.cached },
    completion_tokens_details: { reasoning_tokens: n.reasoning },
  };
}

/** The fields every chunk and completion of one reply share. */
export const completionHead = (row: MessageRow) => ({
  id: `chatcmpl-${row.id}`,
  created: Math.floor(Date.parse(row.created_at) / 1000),
  model: row.model ?? '',
});

/**
 * A reply as Chat Completions streaming chunks (`chat.completion.chunk`, then `data: [DONE]`). The
 * reasoning goes in `delta.reasoning_content`, as the OpenAI-compatible servers that stream reasoning put
 * it; knowledge steps and sources have no place in this protocol. Its one terminal chunk is the one with
 * `finish_reason` (then the usage chunk when asked for), or an `error` event for a failed reply.
 *
 * A call the server runs, and its result, stay invisible here. A call to one of the tools the client sent
 * (`clientTools`, their names) is handed back in `delta.tool_calls`, whole, and the reply then ends with
 * `finish_reason: "tool_calls"`: the client runs it and asks again with its result.
 */
export class ChatCompletionEncoder implements ReplyEncoder {
  readonly transport = 'openai-chat';
  private readonly head: ReturnType<typeof completionHead>;
  private handedBack = 0;

  constructor(
    row: MessageRow,
    private readonly includeUsage: boolean,
    private readonly clientTools: ReadonlySet<string>,
  ) {
    this.head = completionHead(row);
  }

  opening(): string {
    return this.chunk({ role: 'assistant', content: '' }, null);
  }

  frames(frames: ReplyFrame[]): string {
    let out = '';
    for (const frame of frames) {
      if (frame.type === 'delta') out += this.chunk({ content: frame.text }, null);
      else if (frame.type === 'reasoning') out += this.chunk({ reasoning_content: frame.text }, null);
      else if (frame.type === 'tool-call' && this.clientTools.has(frame.name))
        out += this.chunk({ tool_calls: [{ index: this.handedBack++, ...toolCallOf(frame) }] }, null);
      else if (frame.type === 'error') return out + `data: ${JSON.stringify(openAiError(500, 'generation_failed', frame.message))}\n\n`;
      else if (frame.type === 'done') {
        out += this.chunk({}, finishReasonOf(frame.finishReason, this.handedBack > 0));
        if (this.includeUsage) out += `data: ${JSON.stringify({ ...this.base(), choices: [], usage: completionUsage(frame.usage) })}\n\n`;
        return out + 'data: [DONE]\n\n';
      }
    }
    return out;
  }

  private base() {
    return { id: this.head.id, object: 'chat.completion.chunk', created: this.head.created, model: this.head.model };
  }

  private chunk(delta: object, finishReason: string | null): string {
    return `data: ${JSON.stringify({ ...this.base(), choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`;
  }
}
