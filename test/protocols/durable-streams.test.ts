import { DurableStream, stream, type JsonBatch } from '@durable-streams/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { startHotlineWithOrders } from '../support/hotline-with-orders.ts';
import { openEventStream } from '../support/sse-client.ts';

type Item = { type: string; text?: string; status?: string; step?: string };

let server: HotlineUnderTest;
let alice: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_KEEPALIVE_MS: '300' });
  alice = await new ApiClient(server.url).signUp();
});
afterAll(() => server.close());

const streamUrl = (id: string) => `${server.url}/ds/messages/${id}`;
const auth = (client: ApiClient) => ({ authorization: `Bearer ${client.token}` });
const textOf = (items: readonly Item[]) =>
  items
    .filter((item) => item.type === 'delta')
    .map((item) => item.text)
    .join('');

async function startReply(model: string): Promise<string> {
  const chat = await alice.newChat({ model });
  return (await alice.send(chat.id, 'Stream to me')).assistantMessage.id;
}

/** Reads a stream with the official client until it closes, or until `stopAfter` says to stop; returns its batches. */
async function follow(id: string, options: { offset?: string; live: 'long-poll' | 'sse'; stopAfter?: (batches: JsonBatch<Item>[]) => boolean }) {
  const response = await stream<Item>({ url: streamUrl(id), headers: auth(alice), offset: options.offset ?? '-1', live: options.live });
  const batches: JsonBatch<Item>[] = [];
  await new Promise<void>((resolve, reject) => {
    response.subscribeJson((batch) => {
      batches.push(batch);
      if (batch.streamClosed || options.stopAfter?.(batches)) {
        response.cancel();
        resolve();
      }
    });
    // The session may settle before its last batch is handed over: the batches say when it is done.
    response.closed.catch(reject);
  });
  return { batches, items: batches.flatMap((batch) => batch.items), response };
}

describe('a reply as a Durable Stream, read by the official client', () => {
  for (const live of ['long-poll', 'sse'] as const) {
    it(`follows a live reply from the start with ${live} and sees Stream-Closed once it ended`, async () => {
      const id = await startReply('openai:fake?tokens=40&rate=200');
      const { batches, items } = await follow(id, { live });
      expect(textOf(items)).toBe(expectedText(40));
      expect(items.at(-1)).toMatchObject({ type: 'done', status: 'completed' });
      expect(batches.filter((batch) => batch.items.length > 0).length).toBeGreaterThan(1);
      expect(batches.at(-1)!.streamClosed).toBe(true);
      expect(batches.slice(0, -1).some((batch) => batch.streamClosed)).toBe(false);
    });

    it(`resumes with ${live} from the offset it had when its connection was cut, exactly`, async () => {
      const id = await startReply('openai:fake?tokens=80&rate=150');
      const first = await follow(id, { live, stopAfter: (batches) => textOf(batches.flatMap((b) => b.items)).length > 20 });
      expect(first.items.some((item) => item.type === 'done')).toBe(false);
      const rest = await follow(id, { live, offset: first.batches.at(-1)!.offset });
      expect(textOf(first.items) + textOf(rest.items)).toBe(expectedText(80));
      expect(rest.items.filter((item) => item.type === 'done')).toHaveLength(1);
    });
  }

  it('answers a catch-up read from a mid-reply offset with exactly the rest, and the same from the stored message once the log expired', async () => {
    const id = await startReply('openai:fake?tokens=50&rate=100');
    const live = await follow(id, { live: 'long-poll' });
    const mid = live.batches.find((batch) => textOf(batch.items) !== '' && !batch.streamClosed && batch !== live.batches.at(-1))!;
    const seen = textOf(live.batches.slice(0, live.batches.indexOf(mid) + 1).flatMap((batch) => batch.items));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(expectedText(50).length);

    const fromLog = await stream<Item>({ url: streamUrl(id), headers: auth(alice), offset: mid.offset, live: false });
    expect(seen + textOf(await fromLog.json())).toBe(expectedText(50));
    expect(fromLog.streamClosed).toBe(true);

    await server.hotline.eventLog.expire(id, 0);
    while ((await server.hotline.eventLog.read(id, null, 1)).length > 0) await new Promise((resolve) => setImmediate(resolve));
    const fromStore = await stream<Item>({ url: streamUrl(id), headers: auth(alice), offset: mid.offset, live: false });
    const rest = await fromStore.json();
    expect(seen + textOf(rest)).toBe(expectedText(50));
    expect(rest.at(-1)).toMatchObject({ type: 'done', status: 'completed' });
    expect(fromStore.streamClosed).toBe(true);
    const whole = await stream<Item>({ url: streamUrl(id), headers: auth(alice), live: false });
    expect(textOf(await whole.json())).toBe(expectedText(50));
  });

  it('reads a finished reply after its end with long-poll and SSE, each closing at once', async () => {
    const id = await startReply('openai:fake?tokens=15&rate=0');
    await alice.settled(id);
    for (const live of ['long-poll', 'sse'] as const) {
      const { items, batches } = await follow(id, { live });
      expect(textOf(items)).toBe(expectedText(15));
      expect(batches.at(-1)!.streamClosed).toBe(true);
    }
  });

  it('gives HEAD the tail and the closure, and offset=now nothing but the tail', async () => {
    const id = await startReply('openai:fake?tokens=10&rate=0');
    await alice.settled(id);
    const head = await new DurableStream({ url: streamUrl(id), headers: auth(alice) }).head();
    expect(head).toMatchObject({ exists: true, streamClosed: true });
    if (!head.exists) return;
    const full = await stream<Item>({ url: streamUrl(id), headers: auth(alice), live: false });
    await full.json();
    expect(head.offset).toBe(full.offset);

    const now = await fetch(`${streamUrl(id)}?offset=now`, { headers: auth(alice) });
    expect(await now.json()).toEqual([]);
    expect(now.headers.get('stream-next-offset')).toBe(full.offset);
    expect(now.headers.get('stream-closed')).toBe('true');
    expect(now.headers.get('cache-control')).toBe('no-store');
  });

  it('lets a cache keep a finished reply (ETag, 304) but never a live tail', async () => {
    const id = await startReply('openai:fake?tokens=40&rate=20');
    const growing = await fetch(`${streamUrl(id)}?offset=-1`, { headers: auth(alice) });
    expect(growing.headers.get('cache-control')).toBe('no-store');
    expect(growing.headers.get('stream-up-to-date')).toBe('true');
    expect(growing.headers.get('stream-closed')).toBeNull();
    await alice.settled(id);
    const ended = await fetch(`${streamUrl(id)}?offset=-1`, { headers: auth(alice) });
    expect(ended.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const etag = ended.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(etag).not.toBe(growing.headers.get('etag'));
    const again = await fetch(`${streamUrl(id)}?offset=-1`, { headers: { ...auth(alice), 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers a long poll at the tail with 204 and a cursor when nothing comes, and the next cursor moves on', async () => {
    const id = await startReply('openai:fake?tokens=3&rate=0&fault=stall&faultAfter=1');
    await follow(id, { live: 'long-poll', stopAfter: (batches) => textOf(batches.flatMap((b) => b.items)) !== '' });
    const head = await fetch(`${streamUrl(id)}?offset=now&live=long-poll`, { headers: auth(alice) });
    expect(head.status).toBe(204);
    const cursor = head.headers.get('stream-cursor')!;
    expect(cursor).toMatch(/^\d+$/);
    expect(head.headers.get('stream-up-to-date')).toBe('true');
    const next = await fetch(`${streamUrl(id)}?offset=${head.headers.get('stream-next-offset')}&live=long-poll&cursor=${cursor}`, { headers: auth(alice) });
    expect(next.status).toBe(204);
    expect(Number(next.headers.get('stream-cursor'))).toBeGreaterThan(Number(cursor));
    await alice.post(`/api/messages/${id}/stop`);
  });

  it('closes an SSE read after six keep-alive intervals, and the client comes back from its last control offset', async () => {
    const id = await startReply('openai:fake?tokens=3&rate=0&fault=stall&faultAfter=1');
    let sseRequests = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input).includes('live=sse')) sseRequests++;
      return fetch(input, init);
    };
    const response = await stream<Item>({ url: streamUrl(id), headers: auth(alice), live: 'sse', fetch: counting });
    const items: Item[] = [];
    const ended = new Promise<void>((resolve) =>
      response.subscribeJson((batch) => {
        items.push(...batch.items);
        if (batch.streamClosed) resolve();
      }),
    );
    while (sseRequests < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    await alice.post(`/api/messages/${id}/stop`);
    await ended;
    response.cancel();
    const stored = (await alice.get(`/api/messages/${id}`)).body;
    expect(textOf(items)).toBe(stored.content);
    expect(items.filter((item) => item.type === 'done')).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  });

  it('refuses another user’s message (404), a malformed offset, another message’s offset and an unknown live mode (400)', async () => {
    const id = await startReply('openai:fake?tokens=5&rate=0');
    await alice.settled(id);
    const other = await startReply('openai:fake?tokens=5&rate=0');
    await alice.settled(other);
    const otherOffset = (await fetch(`${streamUrl(other)}?offset=-1`, { headers: auth(alice) })).headers.get('stream-next-offset')!;
    const bob = await new ApiClient(server.url).signUp();
    expect((await fetch(`${streamUrl(id)}?offset=-1`, { headers: auth(bob) })).status).toBe(404);
    expect((await fetch(`${streamUrl(id)}?offset=-1`, { method: 'HEAD', headers: auth(bob) })).status).toBe(404);
    expect((await fetch(`${streamUrl(id)}?offset=-1`)).status).toBe(401);
    for (const query of ['offset=12', 'offset=abc', `offset=${otherOffset}`, 'offset=-1&live=websocket', 'live=sse']) {
      const response = await fetch(`${streamUrl(id)}?${query}`, { headers: auth(alice) });
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.code).toMatch(/^invalid_/);
    }
    await expect(stream({ url: streamUrl(id), headers: auth(bob), live: false })).rejects.toMatchObject({ status: 404 });
  });
});

describe('tool calls in a Durable Stream', () => {
  let withTools: HotlineUnderTest;
  let close: () => Promise<void>;
  let bea: ApiClient;
  beforeAll(async () => {
    ({ server: withTools, close } = await startHotlineWithOrders({ HOTLINE_KEEPALIVE_MS: '300' }));
    bea = await new ApiClient(withTools.url).signUp();
  });
  afterAll(() => close());

  const call = (name: string, args: unknown) => `tool=${name}&args=${encodeURIComponent(JSON.stringify(args))}`;
  const url = (id: string) => `${withTools.url}/ds/messages/${id}`;
  /** Messages with the text joined: the same events, in whatever pieces the text came. */
  const merged = (list: Item[]) =>
    list.reduce<Item[]>((all, item) => {
      const last = all.at(-1);
      if (item.type === 'delta' && last?.type === 'delta') last.text += item.text!;
      else all.push({ ...item });
      return all;
    }, []);
  async function reply(model: string, tools: string[]): Promise<string> {
    const chat = await bea.newChat({ model, tools });
    return (await bea.send(chat.id, 'Go')).assistantMessage.id;
  }

  it('carries each call and result as the JSON event stream has them, at offsets a reader resumes from exactly', async () => {
    const id = await reply(`openai:ds-tools?tokens=10&rate=200&${call('current_time', {})}&${call('lookup_order', { orderId: 'A-17' })}`, [
      'current_time',
      'lookup_order',
    ]);
    const live = await stream<Item>({ url: url(id), headers: auth(bea), offset: '-1', live: 'long-poll' });
    const batches: JsonBatch<Item>[] = [];
    await new Promise<void>((resolve) =>
      live.subscribeJson((batch) => {
        batches.push(batch);
        if (batch.streamClosed) resolve();
      }),
    );
    live.cancel();
    const items = batches.flatMap((batch) => batch.items);
    const json = await openEventStream(`${withTools.url}/api/messages/${id}/events`, bea.token!);
    await json.closed;
    expect(merged(items)).toEqual(merged(json.events.map((e) => ({ type: e.event, ...e.data }))));
    expect(items.filter((item) => item.type === 'tool-call').map((item) => (item as { name?: string }).name)).toEqual(['current_time', 'lookup_order']);
    expect(items.filter((item) => item.type === 'tool-result')).toHaveLength(2);
    expect(items.at(-1)).toMatchObject({ type: 'done', cost: null });
    // From every offset a batch ended at, a catch-up read gives exactly the messages after it.
    for (const [i, batch] of batches.entries()) {
      const rest = await stream<Item>({ url: url(id), headers: auth(bea), offset: batch.offset, live: false });
      expect(merged(await rest.json())).toEqual(merged(batches.slice(i + 1).flatMap((later) => later.items)));
    }
  });

  it('says on every read that a call waits for approval, moving no offset, until the decision; then the reply goes on', async () => {
    const orderId = `D-${Math.random().toString(36).slice(2, 8)}`;
    const id = await reply(`openai:ds-approval?tokens=5&rate=0&${call('refund_order', { orderId })}`, ['refund_order']);
    const live = await stream<Item>({ url: url(id), headers: auth(bea), offset: '-1', live: 'long-poll' });
    const batches: JsonBatch<Item>[] = [];
    let waited!: () => void;
    let closed!: () => void;
    const told = new Promise<void>((resolve) => (waited = resolve));
    const ended = new Promise<void>((resolve) => (closed = resolve));
    live.subscribeJson((batch) => {
      batches.push(batch);
      if (batch.items.some((item) => item.type === 'approval')) waited();
      if (batch.streamClosed) closed();
    });
    await told;
    const toolCall = batches.flatMap((batch) => batch.items).find((item) => item.type === 'tool-call') as Item & { toolCallId: string };
    const atTheCall = batches.find((batch) => batch.items.includes(toolCall))!.offset;
    // A read from the reader's offset is told of the wait again, and the wait moves no offset.
    const again = await fetch(`${url(id)}?offset=${atTheCall}`, { headers: auth(bea) });
    expect(await again.json()).toEqual([{ type: 'approval', toolCallId: toolCall.toolCallId, name: 'refund_order', input: { orderId } }]);
    expect(again.headers.get('stream-next-offset')).toBe(atTheCall);
    const polled = await fetch(`${url(id)}?offset=${atTheCall}&live=long-poll`, { headers: auth(bea) });
    expect(polled.status).toBe(200);
    expect(await polled.json()).toEqual([expect.objectContaining({ type: 'approval' })]);
    expect(polled.headers.get('stream-next-offset')).toBe(atTheCall);

    expect((await bea.post(`/api/messages/${id}/tool-calls/${toolCall.toolCallId}`, { approved: true })).status).toBe(202);
    await ended;
    live.cancel();
    const after = await fetch(`${url(id)}?offset=${atTheCall}`, { headers: auth(bea) });
    const rest = (await after.json()) as Item[];
    expect(rest[0]).toEqual({ type: 'tool-result', toolCallId: toolCall.toolCallId, name: 'refund_order', output: `refunded ${orderId}` });
    expect(rest.some((item) => item.type === 'approval')).toBe(false);
    expect(after.headers.get('etag')).not.toBe(again.headers.get('etag'));
  });
});

describe('the per-user stream cap', () => {
  let capped: HotlineUnderTest;
  beforeAll(async () => {
    capped = await startHotline({ HOTLINE_SUBSCRIPTIONS_PER_USER: '1', HOTLINE_KEEPALIVE_MS: '300' });
  });
  afterAll(() => capped.close());

  it('counts a live read as one of the user’s open streams: the next one answers 429 with Retry-After', async () => {
    const carol = await new ApiClient(capped.url).signUp();
    const chat = await carol.newChat({ model: 'openai:fake?tokens=3&rate=0&fault=stall&faultAfter=1' });
    const id = (await carol.send(chat.id, 'Hi')).assistantMessage.id;
    const open = new AbortController();
    const first = await fetch(`${capped.url}/ds/messages/${id}?offset=-1&live=sse`, { headers: auth(carol), signal: open.signal });
    expect(first.status).toBe(200);
    const second = await fetch(`${capped.url}/ds/messages/${id}?offset=-1&live=long-poll`, { headers: auth(carol) });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeTruthy();
    expect((await fetch(`${capped.url}/ds/messages/${id}?offset=-1`, { headers: auth(carol) })).status).toBe(200);
    open.abort();
    await carol.post(`/api/messages/${id}/stop`);
  });
});
