import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { requestsFor } from '../support/sent-conversation.ts';

let server: HotlineUnderTest;
let viaAiSdk: HotlineUnderTest;
beforeAll(async () => {
  [server, viaAiSdk] = await Promise.all([
    startHotline({ HOTLINE_RATE_LIMITS: 'off' }),
    startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_OPENAI_CLIENT: 'ai-sdk' }),
  ]);
});
afterAll(() => Promise.all([server.close(), viaAiSdk.close()]));

const ephemeral = { type: 'ephemeral' };
const call = (name: string) => `tool=${name}&args=${encodeURIComponent('{}')}`;

/** Sends each question in turn to a new chat, each once the reply before it ended. */
async function chatOf(on: HotlineUnderTest, model: string, questions: string[], fields: Record<string, unknown> = {}) {
  const alice = await new ApiClient(on.url).signUp();
  const chat = await alice.newChat({ model, system: 'You answer about orders.', ...fields });
  for (const question of questions) {
    const { assistantMessage } = await alice.send(chat.id, question);
    expect((await alice.settled(assistantMessage.id)).status).toBe('completed');
  }
}

type Block = { type: string; cache_control?: unknown };
const blocksOf = (message: { content: unknown }): Block[] => (Array.isArray(message.content) ? (message.content as Block[]) : []);

/** Where a request put its cache breakpoints: `system`, or `<message index>:<block type>`. */
function breakpoints(request: RecordedRequest): string[] {
  const body = request.body as { system?: Block[]; messages: Array<{ content: unknown }> };
  const marked = (body.system ?? []).filter((block) => block.cache_control).map(() => 'system');
  body.messages.forEach((message, i) => {
    for (const block of blocksOf(message)) if (block.cache_control) marked.push(`${i}:${block.type}`);
  });
  return marked;
}

describe('Anthropic’s prompt cache', () => {
  it('marks the system prompt, and on a chat’s second turn the conversation before the new question', async () => {
    await chatOf(server, 'anthropic:turns?tokens=3&rate=0', ['Where is order A-17?', 'And order B-4?']);
    const [first, second] = requestsFor(server.provider, 'turns?tokens=3&rate=0');
    // The first turn has no conversation before its question: the system prompt alone is marked.
    expect(breakpoints(first!)).toEqual(['system']);
    expect((first!.body as { system: Block[] }).system[0]!.cache_control).toEqual(ephemeral);
    // The second: the previous reply (the last message before the question) closes the stable prefix.
    expect(breakpoints(second!)).toEqual(['system', '1:text']);
    expect(blocksOf((second!.body as { messages: Array<{ content: unknown }> }).messages[1]!)[0]!.cache_control).toEqual(ephemeral);
  });

  it('marks the last tool results in the second step of a tool-calling reply, and keeps the conversation’s mark', async () => {
    const model = `cached-tools?tokens=3&rate=0&${call('current_time')}`;
    await chatOf(server, `anthropic:${model}`, ['Hello', 'What time is it?'], { tools: ['current_time'] });
    const requests = requestsFor(server.provider, model);
    // Turn 1: a call, then its answer; turn 2 the same.
    expect(requests).toHaveLength(4);
    const secondStep = requests[3]!;
    const messages = (secondStep.body as { messages: Array<{ role: string; content: unknown }> }).messages;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(blocksOf(messages.at(-1)!).map((b) => b.type)).toEqual(['tool_result']);
    expect(breakpoints(secondStep)).toEqual(['system', '1:text', '4:tool_result']);
    // The first step of the turn has no results yet: the same marks as any turn.
    expect(breakpoints(requests[2]!)).toEqual(['system', '1:text']);
  });

  it('uses at most the four breakpoints Anthropic allows, in a long tool-calling reply of a long chat', async () => {
    const model = `many?tokens=2&rate=0&toolSteps=4&${call('current_time')}&${call('knowledge_search')}`;
    await chatOf(server, `anthropic:${model}`, ['One', 'Two', 'Three'], { tools: ['current_time', 'knowledge_search'] });
    const requests = requestsFor(server.provider, model);
    expect(requests.length).toBeGreaterThan(10);
    for (const request of requests) expect(breakpoints(request).length).toBeLessThanOrEqual(4);
  });

  it('sends OpenAI no cache marks, by either client', async () => {
    for (const on of [server, viaAiSdk]) {
      await chatOf(on, `openai:plain-cache?tokens=3&rate=0&${call('current_time')}`, ['Hello', 'What time is it?'], { tools: ['current_time'] });
      const requests = requestsFor(on.provider, `plain-cache?tokens=3&rate=0&${call('current_time')}`);
      expect(requests).toHaveLength(4);
      for (const request of requests) expect(JSON.stringify(request.body)).not.toMatch(/cache_control|cacheControl/);
    }
  });
});
