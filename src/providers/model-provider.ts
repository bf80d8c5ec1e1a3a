import type { Usage } from '../streams/reply-events.ts';

/** One turn of the conversation a model is given. */
export type Turn = { role: 'user' | 'assistant'; content: string };

/** What the generation job asks of any model: the conversation in, a stream of parts out. */
export interface ReplyRequest {
  /** The model's name within its provider (`gpt-4o-mini` for `openai:gpt-4o-mini`). */
  model: string;
  system: string | null;
  messages: Turn[];
  signal: AbortSignal;
  /**
   * Set when the chat answers from the knowledge base: the passages found (possibly none). Providers
   * that take a prompt get them through `system`; the offline model quotes them.
   */
  knowledge?: { passages: Array<{ title: string; excerpt: string }> };
}

export type ModelPart =
  | { type: 'text'; text: string }
  /** The model's own reasoning (Anthropic thinking, OpenAI-compatible `reasoning_content`/`reasoning`). */
  | { type: 'reasoning'; text: string }
  | { type: 'finish'; finishReason: string; usage: Usage };

/**
 * A provider streams parts and throws `ProviderError` (or lets an abort through) on failure.
 * It never swallows an error: every failure must reach the message.
 */
export interface ModelProvider {
  streamReply(request: ReplyRequest): AsyncIterable<ModelPart>;
}

/** A provider failure, already classified: whether a retry can help, and a message safe to show anyone. */
export class ProviderError extends Error {
  constructor(
    readonly safeMessage: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(safeMessage, options);
  }
}
