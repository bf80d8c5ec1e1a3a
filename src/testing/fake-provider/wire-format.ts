/**
 * What differs between providers is only framing: which frames wrap the
 * tokens and how errors look. Pacing and faults live once in reply.ts, so
 * both protocols misbehave in exactly the same, comparable way.
 */
export interface ReplyContext {
  /** Provider-style response id (`chatcmpl-…` / `msg_…`). */
  id: string;
  model: string;
  /** Unix seconds, as OpenAI reports it. */
  created: number;
  /** Total prompt tokens, those read from and written to the prompt cache included. */
  inputTokens: number;
  cachedTokens: number;
  /** Prompt tokens written to the cache (Anthropic reports them; OpenAI writes for free and says nothing). */
  cacheWriteTokens: number;
  /** The request asked for a usage chunk (OpenAI `stream_options.include_usage`). */
  includeUsage: boolean;
  /** Reasoning tokens before the text: Anthropic puts them in a thinking block of their own. */
  reasoningTokens: number;
  /** Anthropic's seal on the thinking block (anthropic-thinking.ts). */
  thinkingSignature: string;
  reasoningField: 'reasoning_content' | 'reasoning';
}

/** A tool call the fake model makes: its id, the tool's name and its arguments in the fragments they stream in. */
export interface FakeToolCall {
  id: string;
  name: string;
  fragments: string[];
}

export interface WireFormat {
  readonly path: string;
  readonly requestIdHeader: string;
  newResponseId(): string;
  /** Body of an HTTP error response, in the provider's real JSON shape. */
  errorBody(status: number, message: string, requestId: string): unknown;
  /** Frames sent before the first token (of reasoning, when there is any, else of text). */
  head(ctx: ReplyContext): string;
  /** One token of the model's reasoning. */
  reasoning(ctx: ReplyContext, text: string): string;
  /** Frames between the last reasoning token and the first text token. */
  afterReasoning(ctx: ReplyContext): string;
  token(ctx: ReplyContext, text: string): string;
  /** Frames after the last token: finish reason, usage (`outputTokens` counts the reasoning), end-of-stream marker. */
  tail(ctx: ReplyContext, outputTokens: number): string;
  /** The frames that open a tool call (after any reasoning), before its argument fragments. */
  toolCallStart(ctx: ReplyContext, call: FakeToolCall, index: number): string;
  /** One fragment of a call's arguments (JSON text, cut anywhere). */
  toolCallFragment(ctx: ReplyContext, call: FakeToolCall, index: number, fragment: string): string;
  toolCallEnd(ctx: ReplyContext, call: FakeToolCall, index: number): string;
  /** Frames after the last call of a step that calls tools: the `tool_calls` / `tool_use` stop, usage, end. */
  toolTail(ctx: ReplyContext, outputTokens: number): string;
  /** A token frame cut off mid-JSON, like a broken proxy would forward. */
  malformed(ctx: ReplyContext): string;
}

export function randomId(length = 24): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < length; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return id;
}

export function sseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}
