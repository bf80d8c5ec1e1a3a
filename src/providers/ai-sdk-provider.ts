import type { LanguageModelV3, LanguageModelV3Prompt, LanguageModelV3StreamPart, LanguageModelV3Usage, SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { BilledUsage } from '../streams/reply-events.ts';
import { withCachePoints } from './anthropic-cache-points.ts';
import { fileAsText, ProviderError, type ModelFile, type ModelPart, type ModelProvider, type ReplyRequest } from './model-provider.ts';
import { classifyProviderError } from './provider-errors.ts';
import { toolCallOf } from './tool-arguments.ts';

export interface AiSdkOptions {
  /** Sent with every request (Anthropic's thinking budget). */
  providerOptions?: SharedV3ProviderOptions;
  /** The provider takes PDFs as documents (Anthropic, OpenAI itself); else it is sent their text. Default true. */
  documentInput?: boolean;
  /** Mark the prompt's stable prefix for Anthropic's prompt cache (anthropic-cache-points.ts). */
  cachePoints?: boolean;
}

/**
 * Any AI SDK language model as a ModelProvider. It reads the provider client's own stream (`doStream`),
 * where the wire format is parsed, rather than `streamText`: the benchmark's profile showed streamText's
 * extra stream stages costing more CPU per token than all of Hotline's relaying (bench/provider-cost.ts).
 * Every failure the client reports, thrown or as an `error` part, leaves here as a thrown ProviderError,
 * so no failure can end a reply as if it had completed. Retries are the generation job's: it knows
 * whether a token already went out.
 */
export function aiSdkProvider(languageModel: (name: string) => LanguageModelV3 | Promise<LanguageModelV3>, options: AiSdkOptions = {}): ModelProvider {
  const { providerOptions, documentInput = true, cachePoints = false } = options;
  return {
    async *streamReply(request: ReplyRequest): AsyncGenerator<ModelPart> {
      let reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart>;
      try {
        const { stream } = await (
          await languageModel(request.model)
        ).doStream({
          prompt: cachePoints ? withCachePoints(promptOf(request, documentInput)) : promptOf(request, documentInput),
          ...(request.tools?.length
            ? {
                tools: request.tools.map((tool) => ({
                  type: 'function' as const,
                  name: tool.name,
                  description: tool.description,
                  inputSchema: tool.inputSchema,
                })),
              }
            : {}),
          abortSignal: request.signal,
          ...(providerOptions ? { providerOptions } : {}),
        });
        reader = stream.getReader();
      } catch (error) {
        throw request.signal.aborted ? request.signal.reason : classifyProviderError(error);
      }
      let finished = false;
      try {
        for (;;) {
          let next;
          try {
            next = await reader.read();
          } catch (error) {
            throw request.signal.aborted ? request.signal.reason : classifyProviderError(error);
          }
          if (next.done) break;
          const part = next.value;
          if (part.type === 'text-delta') {
            if (part.delta) yield { type: 'text', text: part.delta };
          } else if (part.type === 'reasoning-delta') {
            if (part.delta) yield { type: 'reasoning', text: part.delta };
            // Anthropic's seal on the thinking block comes as an empty delta, last in the block.
            const signature = part.providerMetadata?.anthropic?.signature;
            if (typeof signature === 'string') yield { type: 'reasoning-signature', signature };
          } else if (part.type === 'tool-call') {
            // The client has joined the streamed argument fragments (`tool-input-delta`) into `input`.
            yield toolCallOf(part.toolCallId, part.toolName, part.input);
          } else if (part.type === 'error') {
            throw classifyProviderError(part.error);
          } else if (part.type === 'finish') {
            if (part.finishReason.unified === 'error') throw new ProviderError('The model provider failed to answer.', false);
            finished = true;
            yield { type: 'finish', finishReason: part.finishReason.unified, usage: toUsage(part.usage) };
          }
        }
      } finally {
        // A reader that stops early must not leave the provider's response half-read.
        void reader.cancel().catch(() => {});
      }
      if (request.signal.aborted) throw request.signal.reason;
      if (!finished) throw new ProviderError('The model provider ended the reply before it was complete.', false);
    },
  };
}

function promptOf(request: ReplyRequest, documentInput: boolean): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = request.system ? [{ role: 'system', content: request.system }] : [];
  for (const turn of request.messages) {
    if (turn.role === 'tool') {
      const output = turn.isError ? { type: 'error-text' as const, value: turn.content } : { type: 'text' as const, value: turn.content };
      // The results of one step go together, in one tool message, as providers expect them.
      const last = prompt.at(-1);
      const result = { type: 'tool-result' as const, toolCallId: turn.toolCallId, toolName: turn.name, output };
      if (last?.role === 'tool') last.content.push(result);
      else prompt.push({ role: 'tool', content: [result] });
    } else if (turn.role === 'assistant') {
      prompt.push({
        role: 'assistant',
        content: [
          // Signed reasoning first, as it was written: Anthropic checks it is handed back whole before the calls.
          ...(turn.reasoning ?? []).map((reasoning) => ({
            type: 'reasoning' as const,
            text: reasoning.text,
            providerOptions: { anthropic: { signature: reasoning.signature } },
          })),
          ...(turn.content ? [{ type: 'text' as const, text: turn.content }] : []),
          ...(turn.toolCalls ?? []).map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.toolCallId,
            toolName: call.name,
            input: typeof call.input === 'string' ? {} : call.input,
          })),
        ],
      });
    } else prompt.push({ role: 'user', content: [{ type: 'text', text: turn.content }, ...(turn.files ?? []).map((file) => filePart(file, documentInput))] });
  }
  return prompt;
}

/** Images and (where taken) PDFs as the client's file parts, which it sends as image or document input; the rest as text. */
function filePart(file: ModelFile, documentInput: boolean) {
  const binary = file.type.startsWith('image/') || (file.type === 'application/pdf' && documentInput);
  if (!binary) return { type: 'text' as const, text: fileAsText(file) };
  return { type: 'file' as const, mediaType: file.type, data: new Uint8Array(file.data), filename: file.name };
}

function toUsage(usage: LanguageModelV3Usage): BilledUsage {
  return {
    inputTokens: usage.inputTokens.total ?? null,
    outputTokens: usage.outputTokens.total ?? null,
    cachedInputTokens: usage.inputTokens.cacheRead ?? null,
    cacheWriteTokens: usage.inputTokens.cacheWrite ?? null,
    reasoningTokens: usage.outputTokens.reasoning ?? null,
  };
}
