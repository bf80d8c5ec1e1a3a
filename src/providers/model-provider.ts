import type { Usage } from '../streams/reply-events.ts';

/** What the generation job asks of any model: the conversation in, a stream of parts out. */
export interface ReplyRequest {
  /** The model's name within its provider (`gpt-4o-mini` for `openai:gpt-4o-mini`). */
  model: string;
  system: string | null;
  messages: Array<{ role: 'user' | 'assistant'; content: string; files?: ModelFile[] }>;
  signal: AbortSignal;
  /**
   * Set when the chat answers from the knowledge base: the passages found (possibly none). Providers
   * that take a prompt get them through `system`; the offline model quotes them.
   */
  knowledge?: { passages: Array<{ title: string; excerpt: string }> };
}

/**
 * A file sent with a user message. `text` is set for text files and PDFs (their extracted text): a
 * provider without document input, or a file it does not take, reads that instead (see `fileAsText`).
 */
export interface ModelFile {
  name: string;
  /** The media type read from the bytes: image/png, image/jpeg, image/webp, image/gif, application/pdf, text/plain. */
  type: string;
  data: Buffer;
  text?: string;
}

/** A file given to a model as text, named so the model can tell it from the message. */
export const fileAsText = (file: ModelFile): string => `<file name="${file.name.replace(/"/g, "'")}">\n${file.text ?? ''}\n</file>`;

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
