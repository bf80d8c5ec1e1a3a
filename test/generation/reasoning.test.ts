import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReasoning, expectedText } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { openEventStream, partsOf } from '../support/sse-client.ts';

let server: HotlineUnderTest;
let viaAiSdk: HotlineUnderTest;
beforeAll(async () => {
  [server, viaAiSdk] = await Promise.all([
    startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_ANTHROPIC_THINKING_BUDGET: '2048' }),
    startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_OPENAI_CLIENT: 'ai-sdk' }),
  ]);
});
afterAll(() => Promise.all([server.close(), viaAiSdk.close()]));

async function reply(on: HotlineUnderTest, model: string) {
  const alice = await new ApiClient(on.url).signUp();
  const chat = await alice.newChat({ model });
  const { assistantMessage } = await alice.send(chat.id, 'Go');
  const stream = await openEventStream(`${on.url}/api/messages/${assistantMessage.id}/events`, alice.token!);
  await stream.closed;
  return { events: stream.events, stored: (await alice.get(`/api/messages/${assistantMessage.id}`)).body };
}

describe('a model that reasons', () => {
  const cases = [
    ['OpenAI-compatible reasoning_content (DeepSeek, vLLM, llama.cpp)', 'openai:r?reasoning=19&tokens=23&rate=0'],
    ['OpenAI-compatible reasoning (Ollama, OpenRouter)', 'openai:r?reasoning=19&tokens=23&rate=0&reasoningField=reasoning'],
    ['Anthropic extended thinking', 'anthropic:r?reasoning=19&tokens=23&rate=0'],
  ] as const;

  for (const [name, model] of cases) {
    it(`streams and stores its reasoning apart from its text: ${name}`, async () => {
      const { events, stored } = await reply(server, model);
      const reasoningEvents = events.filter((e) => e.event === 'reasoning');
      expect(reasoningEvents.length).toBeGreaterThan(1);
      // Every piece can be resumed from, like a delta.
      expect(reasoningEvents.every((e) => e.id)).toBe(true);
      const parts = [
        { type: 'reasoning', text: expectedReasoning(19) },
        { type: 'text', text: expectedText(23) },
      ];
      expect(partsOf(events)).toEqual(parts);
      expect(stored.parts).toEqual(parts);
      expect(stored.content).toBe(expectedText(23));
      expect(stored.usage).toMatchObject({ reasoningTokens: 19, outputTokens: 42 });
      expect(events.at(-1)).toMatchObject({ event: 'done', data: { usage: { reasoningTokens: 19 } } });
    });
  }

  it('asks Anthropic for extended thinking with the configured budget', async () => {
    await reply(server, 'anthropic:budget?reasoning=3&tokens=3&rate=0');
    const request = server.provider.requests.find((r) => r.model.startsWith('budget'))!;
    expect(request.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 } });
  });

  it('reads the reasoning tokens of the usage through the AI SDK OpenAI client too', async () => {
    const { stored } = await reply(viaAiSdk, 'openai:r?reasoning=7&tokens=5&rate=0');
    expect(stored.usage).toMatchObject({ reasoningTokens: 7, outputTokens: 12 });
  });

  it('stores a reply of text alone as one text part, as before parts existed', async () => {
    const { stored } = await reply(server, 'openai:plain?tokens=9&rate=0');
    expect(stored.parts).toEqual([{ type: 'text', text: expectedText(9) }]);
    expect(stored.usage.reasoningTokens).toBe(0);
  });
});
