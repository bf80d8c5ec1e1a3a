import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { afterAll, beforeAll } from 'vitest';
import { aiSdkProvider } from '../../src/providers/ai-sdk-provider.ts';
import { openAiChatStream } from '../../src/providers/openai-chat-stream.ts';
import { startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';
import { modelProviderContract } from './model-provider.contract.ts';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());

let unique = 0;
// A name of its own per reply: a fault then strikes that request only. Fast, with a fault mid-reply after 3 tokens.
const model = ({ tokens, fault }: { tokens: number; fault?: string }) =>
  `contract-${++unique}?tokens=${tokens}&rate=${tokens > 100 ? 200 : 0}${fault ? `&fault=${fault}&faultAfter=3` : ''}`;

// The clients Hotline speaks to providers with (model-catalog.ts), each against the fake provider server.
modelProviderContract('OpenAI chat, direct client', () => ({
  provider: openAiChatStream({ baseUrl: fake.openaiBaseUrl, apiKey: 'test-key' }),
  model,
  canFail: true,
}));
modelProviderContract('OpenAI chat, AI SDK client', () => ({
  provider: aiSdkProvider((name) => createOpenAI({ baseURL: fake.openaiBaseUrl, apiKey: 'test-key' }).chat(name)),
  model,
  canFail: true,
}));
modelProviderContract('Anthropic Messages, AI SDK client', () => ({
  provider: aiSdkProvider((name) => createAnthropic({ baseURL: fake.anthropicBaseUrl, apiKey: 'test-key' })(name)),
  model,
  canFail: true,
}));
