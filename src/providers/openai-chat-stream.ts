import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { BilledUsage } from '../streams/reply-events.ts';
import { emptyUsage } from '../streams/reply-events.ts';
import { fileAsText, ProviderError, type ModelFile, type ModelPart, type ModelProvider, type ReplyRequest } from './model-provider.ts';
import { classifyProviderError, connectionLost, providerErrorForStatus, unreadable } from './provider-errors.ts';
import { SseDataParser } from './sse-data-parser.ts';
import { argumentsTextOf, toolCallOf } from './tool-arguments.ts';

export interface OpenAiChatOptions {
  /** Up to and including the version, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
}

/**
 * OpenAI's chat-completions streaming read straight off `node:http`: the request the AI SDK's
 * `openai.chat()` sends (`stream_options.include_usage` included), and its wire format parsed in one
 * pass with one `JSON.parse` per chunk. The benchmark chose it: on Node 20 the AI SDK's web-stream
 * stages and per-chunk validation cost more CPU per token than all of Hotline's relaying
 * (bench/provider-cost.ts). `HOTLINE_OPENAI_CLIENT=ai-sdk` puts the AI SDK client back; both pass the
 * same provider tests. Every failure leaves as a ProviderError, or as the abort's own reason.
 */
export function openAiChatStream(options: OpenAiChatOptions): ModelProvider {
  const url = new URL(`${(options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '')}/chat/completions`);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  // Kept-alive sockets, closed after 4 s idle (as Node's default agent does, before servers drop them).
  const agent = new (url.protocol === 'https:' ? HttpsAgent : HttpAgent)({ keepAlive: true, timeout: 4_000 });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  // OpenAI itself takes PDFs as file input; an OpenAI-compatible server is sent their text.
  const documentInput = url.hostname === 'api.openai.com';
  if (options.apiKey) headers['authorization'] = `Bearer ${options.apiKey}`;

  const open = (body: string, signal: AbortSignal) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, signal }, resolve);
      req.on('error', reject);
      // No idle timeout while a reply streams: it would be re-armed on every read (a cost per token), and
      // the generation job's own deadline already bounds a stalled reply. The agent re-arms it once free.
      req.once('socket', (socket) => socket.setTimeout(0));
      req.end(body);
    });

  return {
    async *streamReply(reply: ReplyRequest): AsyncGenerator<ModelPart> {
      const { signal } = reply;
      let response: IncomingMessage;
      try {
        response = await open(requestBody(reply, documentInput), signal);
      } catch (error) {
        throw signal.aborted ? signal.reason : classifyProviderError(error);
      }
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        const detail = await errorDetail(response).catch(() => '');
        throw providerErrorForStatus(status, new Error(`HTTP ${status} from the model provider: ${detail}`));
      }

      const reading = new ChunkReader();
      const parser = new SseDataParser();
      const body = new FlowingText(response);
      try {
        for (let text = await body.next(); text !== null; text = await body.next()) {
          for (const data of parser.push(text)) {
            const piece = reading.read(data);
            if (piece) yield piece;
          }
        }
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw error instanceof ProviderError ? error : connectionLost(error);
      } finally {
        // A consumer that stops early must not leave the response half-read on a pooled socket.
        if (!response.complete) response.destroy();
      }
      if (signal.aborted) throw signal.reason;
      if (!reading.finished) throw new ProviderError('The model provider ended the reply before it was complete.', false);
      yield* reading.toolCalls();
      yield { type: 'finish', finishReason: reading.finishReason, usage: reading.usage };
    },
  };
}

/**
 * A response body's text in flowing mode: `next()` gives everything that arrived since the last call,
 * or waits for more; null at the end; throws if the connection broke. Cheaper per token than the stream's
 * async iterator (one promise per wait, none for text already there), and a provider's reply is small
 * enough to buffer, so it needs no backpressure.
 */
class FlowingText {
  private readonly pieces: string[] = [];
  private failure: unknown;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(response: IncomingMessage) {
    const woken = () => {
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    };
    response.setEncoding('utf8');
    response.on('data', (text: string) => {
      this.pieces.push(text);
      woken();
    });
    response.on('end', () => {
      this.ended = true;
      woken();
    });
    response.on('error', (error) => {
      this.failure ??= error;
      woken();
    });
    response.on('close', () => {
      if (!this.ended) this.failure ??= new Error('aborted');
      woken();
    });
  }

  async next(): Promise<string | null> {
    for (;;) {
      if (this.pieces.length > 0) {
        const text = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
        this.pieces.length = 0;
        return text;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

function requestBody(reply: ReplyRequest, documentInput: boolean): string {
  const messages: Array<Record<string, unknown>> = reply.system ? [{ role: 'system', content: reply.system }] : [];
  for (const turn of reply.messages) {
    if (turn.role === 'tool') messages.push({ role: 'tool', tool_call_id: turn.toolCallId, content: turn.content });
    else if (turn.toolCalls?.length) {
      messages.push({
        role: 'assistant',
        content: turn.content || null,
        tool_calls: turn.toolCalls.map((call) => ({
          id: call.toolCallId,
          type: 'function',
          function: { name: call.name, arguments: argumentsTextOf(call.input) },
        })),
      });
    } else {
      const files = turn.files ?? [];
      const content = files.length === 0 ? turn.content : [{ type: 'text', text: turn.content }, ...files.map((file) => contentPart(file, documentInput))];
      messages.push({ role: turn.role, content });
    }
  }
  const tools = reply.tools?.length
    ? { tools: reply.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } })) }
    : {};
  return JSON.stringify({ model: reply.model, messages, ...tools, stream: true, stream_options: { include_usage: true } });
}

/** A tool call's `tool_calls` deltas: the first names it, the rest carry fragments of its arguments. */
interface ToolCallDelta {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

/** A file as a chat-completions content part: an image as `image_url`, a PDF as `file` where taken, else its text. */
function contentPart(file: ModelFile, documentInput: boolean): unknown {
  const dataUrl = () => `data:${file.type};base64,${file.data.toString('base64')}`;
  if (file.type.startsWith('image/')) return { type: 'image_url', image_url: { url: dataUrl() } };
  if (file.type === 'application/pdf' && documentInput) return { type: 'file', file: { filename: file.name, file_data: dataUrl() } };
  return { type: 'text', text: fileAsText(file) };
}

interface ChatChunk {
  choices?: Array<{
    /** `reasoning_content` (DeepSeek, vLLM, llama.cpp) or `reasoning` (Ollama, OpenRouter): the model's reasoning. */
    delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null; tool_calls?: ToolCallDelta[] | null } | null;
    finish_reason?: string | null;
  }>;
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
    completion_tokens_details?: { reasoning_tokens?: number } | null;
  } | null;
  error?: unknown;
}

/**
 * Folds chat-completion chunks into text and reasoning pieces, remembering the finish reason, the usage,
 * and the tool calls, whose arguments arrive in fragments across chunks, one call per `index`.
 */
class ChunkReader {
  finishReason = 'other';
  private readonly calls: Array<{ id: string; name: string; arguments: string }> = [];
  usage: BilledUsage = emptyUsage;
  /** A finish reason or `[DONE]` arrived: the reply is whole (a cut-off stream has neither). */
  finished = false;

  read(data: string): ModelPart | undefined {
    if (data === '[DONE]') {
      this.finished = true;
      return undefined;
    }
    let chunk: ChatChunk;
    try {
      chunk = JSON.parse(data) as ChatChunk;
    } catch (error) {
      throw unreadable(error);
    }
    if (typeof chunk !== 'object' || chunk === null) throw unreadable(new Error('a chunk that is not an object'));
    // Some servers report a failure mid-stream as a chunk of its own; its text is never shown (it can quote keys).
    if (chunk.error) throw new ProviderError('The model provider failed while it was answering.', false, { cause: chunk.error });
    if (chunk.usage) {
      const { prompt_tokens, completion_tokens, prompt_tokens_details, completion_tokens_details } = chunk.usage;
      this.usage = {
        inputTokens: prompt_tokens ?? null,
        outputTokens: completion_tokens ?? null,
        cachedInputTokens: prompt_tokens_details?.cached_tokens ?? null,
        reasoningTokens: completion_tokens_details?.reasoning_tokens ?? null,
        // OpenAI writes its prompt cache for free, and says nothing of it.
        cacheWriteTokens: null,
      };
    }
    const choice = chunk.choices?.[0];
    if (!choice) return undefined;
    if (choice.finish_reason) {
      this.finishReason = finishReasonOf(choice.finish_reason);
      this.finished = true;
    }
    const delta = choice.delta;
    if (!delta) return undefined;
    if (delta.tool_calls) this.addToolCalls(delta.tool_calls);
    const content = delta.content;
    if (typeof content === 'string' && content.length > 0) return { type: 'text', text: content };
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    return typeof reasoning === 'string' && reasoning.length > 0 ? { type: 'reasoning', text: reasoning } : undefined;
  }

  /** The calls the reply made, whole, in the order the model wrote them. */
  *toolCalls(): Generator<ModelPart> {
    for (const call of this.calls) if (call) yield toolCallOf(call.id, call.name, call.arguments);
  }

  private addToolCalls(deltas: ToolCallDelta[]): void {
    for (const delta of deltas) {
      const index = delta.index ?? this.calls.length - 1;
      if (index < 0 || index > 127) throw unreadable(new Error(`a tool call index of ${index}`));
      const call = (this.calls[index] ??= { id: '', name: '', arguments: '' });
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name += delta.function.name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
    }
  }
}

/** The AI SDK's names for OpenAI's finish reasons, so a message reads the same whichever client ran. */
function finishReasonOf(reason: string): string {
  switch (reason) {
    case 'stop':
    case 'length':
      return reason;
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}

/** The start of an error answer's body, for the log only (the user sees the status's own message). */
async function errorDetail(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let body = '';
  for await (const text of response as AsyncIterable<string>) {
    body += text;
    if (body.length > 2048) {
      response.destroy();
      break;
    }
  }
  return body.slice(0, 2048);
}
