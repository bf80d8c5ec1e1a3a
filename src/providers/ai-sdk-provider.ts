import { streamText, type LanguageModel, type LanguageModelUsage } from 'ai';
import type { Usage } from '../streams/reply-events.ts';
import { ProviderError, type ModelPart, type ModelProvider, type ReplyRequest } from './model-provider.ts';
import { classifyProviderError } from './provider-errors.ts';

/**
 * Any AI SDK language model as a ModelProvider. The SDK reports many failures as `error` parts or through
 * `onError` rather than by throwing; every one of them is turned into a thrown ProviderError here, so no
 * failure can end a reply as if it had completed.
 */
export function aiSdkProvider(languageModel: (name: string) => LanguageModel): ModelProvider {
  return {
    async *streamReply(request: ReplyRequest): AsyncGenerator<ModelPart> {
      let failure: unknown;
      const result = streamText({
        model: languageModel(request.model),
        ...(request.system ? { system: request.system } : {}),
        messages: request.messages,
        abortSignal: request.signal,
        // Retries are the generation job's: it knows whether a token already went out.
        maxRetries: 0,
        onError: ({ error }) => {
          failure ??= error;
        },
      });
      let finished = false;
      for await (const part of result.fullStream) {
        if (part.type === 'text-delta') {
          if (part.text) yield { type: 'text', text: part.text };
        } else if (part.type === 'error') {
          throw classifyProviderError(part.error);
        } else if (part.type === 'abort') {
          throw request.signal.reason ?? new DOMException('aborted', 'AbortError');
        } else if (part.type === 'finish') {
          if (part.finishReason === 'error') throw classifyProviderError(failure);
          finished = true;
          yield { type: 'finish', finishReason: part.finishReason, usage: toUsage(part.totalUsage) };
        }
      }
      if (request.signal.aborted) throw request.signal.reason;
      if (failure !== undefined) throw classifyProviderError(failure);
      if (!finished) throw new ProviderError('The model provider ended the reply before it was complete.', false);
    },
  };
}

function toUsage(usage: LanguageModelUsage): Usage {
  return {
    inputTokens: usage.inputTokens ?? null,
    outputTokens: usage.outputTokens ?? null,
    cachedInputTokens: usage.inputTokenDetails?.cacheReadTokens ?? usage.cachedInputTokens ?? null,
  };
}
