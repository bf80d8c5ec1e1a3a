import { get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createParser } from 'eventsource-parser';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { openEventStream, textOf } from '../support/sse-client.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_SLOW_SUBSCRIBER_TIMEOUT_MS: '500', HOTLINE_JOB_TIMEOUT_MS: '60000' });
  alice = await new ApiClient(server.url).signUp();
});
afterAll(() => server.close());

/** A subscriber that connects and then reads nothing: its socket fills up and pushes back on the server. */
function stalledSubscriber(url: string, token: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.pause();
      resolve(res);
    }).on('error', reject);
  });
}

function readRest(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.on('close', () => resolve(body));
    res.on('error', () => resolve(body));
    res.resume();
  });
}

it('a subscriber that stops reading delays neither the job nor the others, is cut off, and resumes exactly', async () => {
  // Enough text (megabytes of events) to fill the stalled subscriber's socket buffers many times over.
  const chat = await alice.newChat({ model: 'openai:big?tokens=100000&rate=0' });
  const messageId = (await alice.send(chat.id, 'Everything, please')).assistantMessage.id;
  const eventsUrl = `${server.url}/api/messages/${messageId}/events`;

  const stalled = await stalledSubscriber(eventsUrl, alice.token!);
  const others = await Promise.all([1, 2].map(() => openEventStream(eventsUrl, alice.token!)));

  // The job and the reading subscribers finish while the stalled one has still read nothing.
  await Promise.all(others.map((o) => o.closed));
  const stored = await alice.settled(messageId, 60_000);
  expect(stored.status).toBe('completed');
  for (const other of others) expect(textOf(other.events)).toBe(stored.content);
  expect(stalled.readableFlowing).toBe(false);

  // Too far behind: the server has cut it off rather than buffer the reply for it.
  const received = await readRest(stalled);
  const events: { id?: string; event?: string; data: string }[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  parser.feed(received);
  expect(events.some((e) => e.event === 'done')).toBe(false);

  const lastSeen = events.filter((e) => e.id).at(-1)?.id;
  const seenText = events
    .filter((e) => e.event === 'delta')
    .map((e) => JSON.parse(e.data).text)
    .join('');
  const resumed = await openEventStream(eventsUrl, alice.token!, lastSeen ? { lastEventId: lastSeen } : {});
  await resumed.closed;
  expect(seenText + textOf(resumed.events)).toBe(stored.content);
}, 90_000);
