import type { BilledUsage } from '../streams/reply-events.ts';

/** A tool call the model made, as it is handed back to it in the next step. */
export interface ToolCallTurn {
  toolCallId: string;
  name: string;
  input: unknown;
}

/**
 * Reasoning its provider signed (Anthropic's thinking): a model that reasoned before calling tools is
 * handed it back, word for word with its signature, when it goes on after their results.
 */
export interface SignedReasoning {
  text: string;
  signature: string;
}

/**
 * One turn of the conversation a model is given. An assistant turn may end with tool calls; each call's
 * answer follows as a `tool` turn (`content`: the output as text, or the error, with `isError`).
 */
export type Turn =
  | { role: 'user' | 'assistant'; content: string; reasoning?: SignedReasoning[]; toolCalls?: ToolCallTurn[]; files?: ModelFile[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string; isError: boolean };

/** A tool the model is offered: its name, what it does, and its input's JSON Schema. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

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
  /** The tools the model may call in this step (none when absent). */
  tools?: ToolSpec[];
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
  /** The provider's seal on the reasoning just written (see SignedReasoning); it ends that piece of reasoning. */
  | { type: 'reasoning-signature'; signature: string }
  /**
   * A call the model wrote whole (its streamed arguments assembled). `malformed`: the arguments were not
   * a JSON object; `input` is then the raw text, and the model is told so instead of the tool running.
   */
  | { type: 'tool-call'; toolCallId: string; name: string; input: unknown; malformed?: true }
  | { type: 'finish'; finishReason: string; usage: BilledUsage };

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
