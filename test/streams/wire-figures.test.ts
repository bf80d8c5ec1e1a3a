import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { openEventStream, textOf } from '../support/sse-client.ts';

let server: HotlineUnderTest;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
});
afterAll(() => server.close());

it('sends each token once, as a small delta: bytes on the wire grow linearly with the reply', async () => {
  const alice = await new ApiClient(server.url).signUp();
  const sizes = [100, 400];
  const perToken: number[] = [];
  for (const tokens of sizes) {
    const chat = await alice.newChat({ model: `openai:wire${tokens}?tokens=${tokens}&rate=200` });
    const { assistantMessage } = await alice.send(chat.id, 'Measure me');
    const stream = await openEventStream(`${server.url}/api/messages/${assistantMessage.id}/events`, alice.token!);
    await stream.closed;
    expect(textOf(stream.events)).toBe(expectedText(tokens));
    perToken.push(stream.bytes / tokens);
  }
  console.log(`event stream: ${perToken.map((b, i) => `${b.toFixed(1)} bytes/token at ${sizes[i]} tokens`).join(', ')}`);
  // Re-sending the whole text per token would make bytes per token grow with the reply's length.
  expect(perToken[1]!).toBeLessThan(perToken[0]! * 1.2);
});

it('relays the provider’s first token to a subscriber already waiting', async () => {
  const alice = await new ApiClient(server.url).signUp();
  const relays: number[] = [];
  for (let i = 0; i < 10; i++) {
    const chat = await alice.newChat({ model: `openai:first${i}?tokens=5&rate=20` });
    let firstSentAt: number | undefined;
    server.provider.onToken = (model, index, sentAtMs) => {
      if (model.startsWith(`first${i}?`) && index === 0) firstSentAt = sentAtMs;
    };
    const { assistantMessage } = await alice.send(chat.id, 'Quick');
    const stream = await openEventStream(`${server.url}/api/messages/${assistantMessage.id}/events`, alice.token!);
    await stream.until((events) => events.some((e) => e.event === 'delta'));
    const firstDelta = stream.events.find((e) => e.event === 'delta')!;
    relays.push(firstDelta.receivedAt - firstSentAt!);
    await stream.closed;
  }
  server.provider.onToken = undefined;
  relays.sort((a, b) => a - b);
  console.log(`provider first token → subscriber first delta: median ${relays[5]!.toFixed(1)} ms, max ${relays.at(-1)!.toFixed(1)} ms (10 replies)`);
  expect(relays.every((r) => Number.isFinite(r))).toBe(true);
});
