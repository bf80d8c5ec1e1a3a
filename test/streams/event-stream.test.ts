import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { lastId, openEventStream, textOf } from '../support/sse-client.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_KEEPALIVE_MS: '200', HOTLINE_LOG_RETENTION_MS: '300' });
  alice = await new ApiClient(server.url).signUp();
});
afterAll(() => server.close());

const eventsUrl = (messageId: string) => `${server.url}/api/messages/${messageId}/events`;

async function startReply(model: string) {
  const chat = await alice.newChat({ model });
  return (await alice.send(chat.id, 'Stream to me')).assistantMessage.id as string;
}

describe('the event stream of one message', () => {
  it('sends text/event-stream with no-cache and X-Accel-Buffering: no, then deltas with ids, then done, and closes', async () => {
    const id = await startReply('openai:fake?tokens=30&rate=200');
    const stream = await openEventStream(eventsUrl(id), alice.token!);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).toBe('no-cache');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    await stream.closed;
    const kinds = stream.events.map((e) => e.event);
    expect(kinds.at(-1)).toBe('done');
    expect(kinds.slice(0, -1).every((k) => k === 'delta')).toBe(true);
    expect(stream.events.filter((e) => e.event === 'delta').every((e) => typeof e.id === 'string' && e.id.length > 0)).toBe(true);
    expect(stream.events.at(-1)!.data).toMatchObject({ status: 'completed', finishReason: 'stop', usage: { outputTokens: 30 } });
    expect(textOf(stream.events)).toBe(expectedText(30));
    expect(textOf(stream.events)).toBe((await alice.get(`/api/messages/${id}`)).body.content);
  });

  it('sends a keep-alive comment while nothing else happens', async () => {
    const id = await startReply('openai:fake?tokens=2&rate=0&fault=stall&faultAfter=1');
    const stream = await openEventStream(eventsUrl(id), alice.token!);
    await stream.until((events) => events.length >= 1);
    await new Promise((r) => setTimeout(r, 700));
    expect(stream.comments.filter((c) => c.trim() === 'keep-alive').length).toBeGreaterThanOrEqual(2);
    await alice.post(`/api/messages/${id}/stop`);
    await stream.closed;
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled' } });
  });

  it('serves a finished reply to a new subscriber from the start, after its log has expired', async () => {
    const id = await startReply('openai:fake?tokens=25&rate=0');
    await alice.settled(id);
    await new Promise((r) => setTimeout(r, 500));
    const stream = await openEventStream(eventsUrl(id), alice.token!);
    await stream.closed;
    expect(textOf(stream.events)).toBe(expectedText(25));
    expect(stream.events.at(-1)!.event).toBe('done');
  });

  it('resumes with Last-Event-ID or ?lastEventId=, the header winning when both are sent', async () => {
    const id = await startReply('openai:fake?tokens=20&rate=0');
    await alice.settled(id);
    const full = await openEventStream(eventsUrl(id), alice.token!);
    await full.closed;
    const deltas = full.events.filter((e) => e.event === 'delta');
    const fifth = deltas.length > 5 ? deltas[4]!.id! : lastId(deltas)!;
    const seen = textOf(full.events.slice(0, full.events.findIndex((e) => e.id === fifth) + 1));
    const byHeader = await openEventStream(eventsUrl(id), alice.token!, { lastEventId: fifth });
    const byQuery = await openEventStream(eventsUrl(id), alice.token!, { query: `?lastEventId=${encodeURIComponent(fifth)}` });
    const both = await openEventStream(eventsUrl(id), alice.token!, { lastEventId: fifth, query: '?lastEventId=garbage' });
    await Promise.all([byHeader.closed, byQuery.closed, both.closed]);
    for (const resumed of [byHeader, byQuery, both]) {
      expect(resumed.status).toBe(200);
      expect(seen + textOf(resumed.events)).toBe(expectedText(20));
    }
  });

  it('answers 400 to an id that does not belong to this message', async () => {
    const first = await startReply('openai:fake?tokens=10&rate=0');
    const second = await startReply('openai:other?tokens=10&rate=0');
    await Promise.all([alice.settled(first), alice.settled(second)]);
    const stream = await openEventStream(eventsUrl(first), alice.token!);
    await stream.closed;
    for (const bad of [lastId(stream.events)!, 'garbage', '0000-zzzzzz']) {
      const target = bad === lastId(stream.events) ? second : first;
      const response = await fetch(eventsUrl(target), { headers: { authorization: `Bearer ${alice.token}`, 'last-event-id': bad } });
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('invalid_last_event_id');
    }
  });

  it('lets many subscribers follow one reply at once, each receiving all of it', async () => {
    const id = await startReply('openai:fake?tokens=60&rate=300');
    const streams = await Promise.all(Array.from({ length: 20 }, () => openEventStream(eventsUrl(id), alice.token!)));
    await Promise.all(streams.map((s) => s.closed));
    for (const stream of streams) expect(textOf(stream.events)).toBe(expectedText(60));
  });

  it('keeps generating when its only subscriber disconnects', async () => {
    const id = await startReply('openai:fake?tokens=40&rate=200');
    const stream = await openEventStream(eventsUrl(id), alice.token!);
    await stream.until((events) => events.length >= 3);
    stream.cut();
    const done = await alice.settled(id);
    expect(done.status).toBe('completed');
    expect(done.content).toBe(expectedText(40));
  });

  it('shows connected subscribers and relayed tokens in /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    for (const name of [
      'hotline_active_streams',
      'hotline_connected_subscribers',
      'hotline_time_to_first_token_seconds',
      'hotline_tokens_relayed_total',
      'hotline_generations_total',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/hotline_generations_total\{outcome="completed"\} [1-9]/);
  });
});
