import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { openEventStream, partsOf, textOf } from '../support/sse-client.ts';

let server: HotlineUnderTest;
beforeAll(async () => {
  // No provider configured at all: what a newcomer gets on first start.
  server = await startHotline({
    OPENAI_BASE_URL: '',
    OPENAI_API_KEY: '',
    ANTHROPIC_BASE_URL: '',
    ANTHROPIC_API_KEY: '',
    HOTLINE_MODEL: '',
    HOTLINE_OFFLINE_TOKENS_PER_SECOND: '400',
  });
});
afterAll(() => server.close());

it('the offline model streams a useful reply, in many deltas, when no provider is configured', async () => {
  const alice = await new ApiClient(server.url).signUp();
  const chat = await alice.newChat();
  expect(chat.model).toBe('offline');
  const { assistantMessage } = await alice.send(chat.id, 'What can you do?');
  const stream = await openEventStream(`${server.url}/api/messages/${assistantMessage.id}/events`, alice.token!);
  await stream.closed;
  const deltas = stream.events.filter((e) => e.event === 'delta');
  expect(deltas.length).toBeGreaterThan(50);
  const text = textOf(stream.events);
  expect(text).toContain('Hotline');
  expect(text).toContain('OPENAI_API_KEY');
  expect(text).toContain('OPENAI_BASE_URL');
  expect(text).toContain('What can you do?');
  expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
  const stored = (await alice.get(`/api/messages/${assistantMessage.id}`)).body;
  expect(stored.content).toBe(text);
  expect(server.provider.requests).toHaveLength(0);
  // It reasons briefly first, as a reasoning model does: streamed, stored and counted apart from the text.
  const [reasoning, answer] = partsOf(stream.events);
  expect(reasoning).toMatchObject({ type: 'reasoning', text: expect.stringContaining('What can you do?') });
  expect(answer).toEqual({ type: 'text', text });
  expect(stored.parts).toEqual(partsOf(stream.events));
  expect(stored.usage.reasoningTokens).toBeGreaterThan(5);
  expect(stored.usage.reasoningTokens).toBeLessThan(stored.usage.outputTokens);
});

it('only offers the offline model when nothing else is configured', async () => {
  const alice = await new ApiClient(server.url).signUp();
  expect((await alice.post('/api/chats', { model: 'openai:gpt-4o-mini' })).status).toBe(422);
});
