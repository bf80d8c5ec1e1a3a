import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { lastId, openEventStream, type ReceivedEvent } from '../support/sse-client.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_LOG_RETENTION_MS: '1000' });
  alice = await new ApiClient(server.url).signUp();
});
afterAll(() => server.close());

function random(seed: number) {
  return () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

type Part = { type: string; text?: string; toolCallId?: string; name?: string; input?: unknown; state?: string; output?: unknown; error?: string };

/** The parts a client assembles from the events it received, as the API's message `parts` show them. */
function partsOf(events: ReceivedEvent[]): Part[] {
  const parts: Part[] = [];
  for (const e of events) {
    if (e.event === 'delta' || e.event === 'reasoning') {
      const type = e.event === 'delta' ? 'text' : 'reasoning';
      const last = parts.at(-1);
      if (last?.type === type) last.text += e.data.text;
      else parts.push({ type, text: e.data.text });
    } else if (e.event === 'tool-call') {
      parts.push({ type: 'tool-call', ...e.data, state: 'running' });
    } else if (e.event === 'tool-result') {
      const call = parts.find((p) => p.toolCallId === e.data.toolCallId)!;
      if (e.data.error === undefined) Object.assign(call, { state: 'done', output: e.data.output });
      else Object.assign(call, { state: e.data.error === 'denied' ? 'denied' : 'failed', error: e.data.error });
    }
  }
  return parts;
}

/** A subscriber cut after a random number of events, again and again, resuming each time from the last id it saw. */
async function followWithCuts(messageId: string, next: () => number): Promise<{ parts: Part[]; received: ReceivedEvent[]; connections: number }> {
  const received: ReceivedEvent[] = [];
  let connections = 0;
  for (;;) {
    connections++;
    const cutAfter = 1 + Math.floor(next() * 8);
    const id = lastId(received);
    let count = 0;
    const stream = await openEventStream(`${server.url}/api/messages/${messageId}/events`, alice.token!, {
      ...(id ? { lastEventId: id } : {}),
      onEvent: (_event, connection) => {
        if (++count === cutAfter) connection.cut();
      },
    });
    expect(stream.status).toBe(200);
    await stream.closed;
    // A cut client has only what came before the cut, even when more arrived in the same chunk (a stored reply comes in one).
    received.push(...stream.events.slice(0, cutAfter));
    if (received.some((e) => e.event === 'done' || e.event === 'error')) return { parts: partsOf(received), received, connections };
    if (connections > 500) throw new Error('never finished');
  }
}

const call = (name: string, args: unknown) => `tool=${name}&args=${encodeURIComponent(JSON.stringify(args))}`;

async function startReply(model: string): Promise<string> {
  const chat = await alice.newChat({ model, tools: ['current_time', 'knowledge_search'] });
  return (await alice.send(chat.id, 'What time is it?')).assistantMessage.id;
}

const once = (received: ReceivedEvent[]) => {
  const ids = received.filter((e) => e.id).map((e) => e.id);
  return new Set(ids).size === ids.length;
};

describe('resume across reasoning, tool calls, results and text', () => {
  it('assembles exactly the stored parts in hundreds of trials cut at random points, mid-reply', async () => {
    const next = random(1313);
    let trials = 0;
    let reconnections = 0;
    for (let round = 0; round < 6; round++) {
      const provider = round % 2 === 0 ? 'openai' : 'anthropic';
      const calls = round % 3 === 2 ? `${call('current_time', {})}&${call('knowledge_search', { query: 'x' })}` : call('current_time', { timeZone: 'UTC' });
      const messageId = await startReply(`${provider}:resume?reasoning=${10 + round}&tokens=${30 + round * 5}&rate=300&toolSteps=${1 + (round % 2)}&${calls}`);
      const results = await Promise.all(Array.from({ length: 25 }, () => followWithCuts(messageId, next)));
      const stored = await alice.settled(messageId);
      expect(stored.parts.some((p: Part) => p.type === 'tool-call')).toBe(true);
      for (const result of results) {
        expect(result.parts).toEqual(stored.parts);
        expect(once(result.received)).toBe(true);
        trials++;
        reconnections += result.connections - 1;
      }
    }
    console.log(`tool resume trials mid-reply: ${trials} passed, ${reconnections} reconnections`);
    expect(trials).toBe(150);
  }, 120_000);

  it('assembles exactly the stored parts when resuming after the log expired', async () => {
    const next = random(77);
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push(await startReply(`openai:expired?reasoning=12&tokens=${20 + i}&rate=0&${call('current_time', {})}`));
    const stored = await Promise.all(ids.map((id) => alice.settled(id)));
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    let trials = 0;
    for (const [i, id] of ids.entries()) {
      for (const result of await Promise.all(Array.from({ length: 25 }, () => followWithCuts(id, next)))) {
        expect(result.parts).toEqual(stored[i].parts);
        trials++;
      }
    }
    console.log(`tool resume trials after expiry: ${trials} passed`);
    expect(trials).toBe(50);
  }, 60_000);
});
