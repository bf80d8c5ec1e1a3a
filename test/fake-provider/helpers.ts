import { streamText, type LanguageModel, type TextStreamPart, type ToolSet } from 'ai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import type { FakeProvider } from '../../src/testing/fake-provider/server.ts';

// Anthropic warns about every unknown model id; scenario model ids are all unknown.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

export type ProviderName = 'openai' | 'anthropic';

export function modelFor(fake: FakeProvider, provider: ProviderName, modelId: string): LanguageModel {
  return provider === 'openai'
    ? createOpenAI({ baseURL: fake.openaiBaseUrl, apiKey: 'test-key' }).chat(modelId)
    : createAnthropic({ baseURL: fake.anthropicBaseUrl, apiKey: 'test-key' })(modelId);
}

export interface StreamOutcome {
  text: string;
  textDeltas: number;
  parts: TextStreamPart<ToolSet>[];
  /** Errors delivered as `{ type: 'error' }` parts. */
  errorParts: unknown[];
  /** Error thrown out of iterating fullStream, if any. */
  thrown: unknown;
  elapsedMs: number;
}

export interface RunOptions {
  maxRetries?: number;
  abortSignal?: AbortSignal;
  /** Abort the request from the client side once this many text deltas arrived. */
  abortAfterDeltas?: number;
}

/** Consumes a real streamText call to the end, recording everything the client saw. */
export async function runStream(model: LanguageModel, options: RunOptions = {}): Promise<StreamOutcome> {
  const controller = new AbortController();
  const signals = [controller.signal, ...(options.abortSignal ? [options.abortSignal] : [])];
  const started = performance.now();
  const outcome: StreamOutcome = { text: '', textDeltas: 0, parts: [], errorParts: [], thrown: undefined, elapsedMs: 0 };
  const result = streamText({
    model,
    system: 'Be brief.',
    prompt: 'Say hello to the nice people',
    maxRetries: options.maxRetries ?? 0,
    abortSignal: AbortSignal.any(signals),
    onError: () => {},
  });
  try {
    for await (const part of result.fullStream) {
      outcome.parts.push(part);
      if (part.type === 'error') outcome.errorParts.push(part.error);
      if (part.type === 'text-delta' && part.text.length > 0) {
        outcome.text += part.text;
        outcome.textDeltas++;
        if (outcome.textDeltas === options.abortAfterDeltas) controller.abort();
      }
    }
  } catch (error) {
    outcome.thrown = error;
  }
  outcome.elapsedMs = performance.now() - started;
  return outcome;
}

/** Words in runStream's system + prompt, i.e. the input tokens the fake reports. */
export const PROMPT_WORDS = 2 + 6;

export function finishPart(outcome: StreamOutcome) {
  const part = outcome.parts.find((p) => p.type === 'finish');
  if (part?.type !== 'finish') throw new Error(`no finish part in ${outcome.parts.map((p) => p.type).join(', ')}`);
  return part;
}
