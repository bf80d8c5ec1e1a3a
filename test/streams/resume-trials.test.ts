import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { lastId, openEventStream, partsOf, textOf, type ReceivedEvent } from '../support/sse-client.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_LOG_RETENTION_MS: '1000' });
  alice = await new ApiClient(server.url).signUp();
});
afterAll(() => server.close());

// A seeded generator, so a failing trial can be replayed.
function random(seed: number) {
  return () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

/**
 * One subscriber that is cut after a random number of events, again and again, reconnecting each time
 * with the last id it saw (by header or by query parameter, at random), until the reply ends.
 */
async function followWithCuts(messageId: string, next: () => number): Promise<{ text: string; parts: ReturnType<typeof partsOf>; connections: number }> {
  const received: ReceivedEvent[] = [];
  let connections = 0;
  for (;;) {
    connections++;
    const cutAfter = 1 + Math.floor(next() * 12);
    const id = lastId(received);
    const byQuery = next() < 0.5;
    let count = 0;
    const stream = await openEventStream(`${server.url}/api/messages/${messageId}/events`, alice.token!, {
      ...(id && !byQuery ? { lastEventId: id } : {}),
      ...(id && byQuery ? { query: `?lastEventId=${encodeURIComponent(id)}` } : {}),
      onEvent: (_event, connection) => {
        if (++count === cutAfter) connection.cut();
      },
    });
    expect(stream.status).toBe(200);
    await stream.closed;
    received.push(...stream.events);
    if (received.some((e) => e.event === 'done' || e.event === 'error')) return { text: textOf(received), parts: partsOf(received), connections };
    if (connections > 500) throw new Error('never finished');
  }
}

async function startReply(model: string): Promise<string> {
  const chat = await alice.newChat({ model });
  return (await alice.send(chat.id, 'Go')).assistantMessage.id;
}

describe('resume', () => {
  it('assembles exactly the stored parts in hundreds of trials cut at random points across reasoning and text, mid-reply', async () => {
    const next = random(20261121);
    let trials = 0;
    let reconnections = 0;
    for (let round = 0; round < 12; round++) {
      // Every other reply reasons first (in both providers' formats): cuts land in its reasoning, its text and between.
      const reasoning = round % 2 === 0 ? '' : `&reasoning=${20 + round * 3}`;
      const provider = round % 4 === 3 ? 'anthropic' : 'openai';
      const messageId = await startReply(`${provider}:resume?tokens=${60 + round * 7}&rate=400${reasoning}`);
      const results = await Promise.all(Array.from({ length: 25 }, () => followWithCuts(messageId, next)));
      const stored = await alice.settled(messageId);
      expect(stored.parts.length).toBe(reasoning ? 2 : 1);
      for (const result of results) {
        expect(result.text).toBe(stored.content);
        expect(result.parts).toEqual(stored.parts);
        trials++;
        reconnections += result.connections - 1;
      }
    }
    console.log(`resume trials mid-reply: ${trials} passed, ${reconnections} reconnections`);
    expect(trials).toBe(300);
  }, 120_000);

  it('assembles exactly the stored parts when resuming a long-finished reply, after its log expired', async () => {
    const next = random(7);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await startReply(`openai:finished?tokens=${50 + i}&rate=0${i % 2 ? `&reasoning=${30 + i}` : ''}`));
    const stored = await Promise.all(ids.map((id) => alice.settled(id)));
    await new Promise((r) => setTimeout(r, 1_300));
    let trials = 0;
    for (const [i, id] of ids.entries()) {
      const results = await Promise.all(Array.from({ length: 25 }, () => followWithCuts(id, next)));
      for (const result of results) {
        expect(result.text).toBe(stored[i].content);
        expect(result.parts).toEqual(stored[i].parts);
        trials++;
      }
    }
    console.log(`resume trials after expiry: ${trials} passed`);
    expect(trials).toBe(100);
  }, 60_000);
});
