import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { streamingUser, streamKinds, type OpenedStream, type StreamKind, type StreamingUser } from '../support/stream-kinds.ts';

/**
 * HOTLINE_SUBSCRIPTIONS_PER_USER caps the streams one user holds open, of every kind together: the
 * next one answers 429 with Retry-After (a WebSocket closes with 4429), and a stream that ends, however
 * it ends, gives its slot back.
 */
describe('the cap on open streams per user', () => {
  let server: HotlineUnderTest;
  const kinds = Object.keys(streamKinds) as StreamKind[];
  const open = (kind: StreamKind, user: StreamingUser) => streamKinds[kind](server.url, user);
  const refusal = { events: 429, chatSse: 429, webSocket: 4429 };

  beforeAll(async () => {
    // Short keep-alives: an idle chat stream notices a deleted chat at its next one.
    server = await startHotline({ HOTLINE_SUBSCRIPTIONS_PER_USER: '3', HOTLINE_MESSAGES_PER_MINUTE: '1000', HOTLINE_KEEPALIVE_MS: '200' });
  });
  afterAll(() => server.close());

  /** Opens a stream of this kind as soon as a slot is free again (a slot frees just after its stream ends). */
  async function openOnceFree(kind: StreamKind, user: StreamingUser): Promise<OpenedStream> {
    let opened: OpenedStream | undefined;
    await expect
      .poll(async () => {
        opened = await open(kind, user);
        return opened.status;
      })
      .toBe(200);
    return opened!;
  }

  it('counts every kind together, refuses each kind over it, and not another user', async () => {
    const user = await streamingUser(server.url);
    const held = [];
    for (const kind of kinds) held.push(await open(kind, user));
    expect(held.map((stream) => stream.status)).toEqual([200, 200, 200]);
    for (const kind of kinds) expect((await open(kind, user)).status, kind).toBe(refusal[kind]);

    const other = await streamingUser(server.url);
    const theirs = await open('webSocket', other);
    expect(theirs.status).toBe(200);
    for (const stream of [...held, theirs]) stream.close();
  });

  it("answers the JSON event stream's 429 in the contract's shape, with Retry-After", async () => {
    const user = await streamingUser(server.url);
    const held = await Promise.all([1, 2, 3].map(() => open('events', user)));
    const response = await fetch(`${server.url}/api/messages/${user.replyId}/events`, { headers: { authorization: `Bearer ${user.api.token}` } });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toEqual({ error: { code: 'too_many_streams', message: expect.stringContaining('3 open streams') } });
    for (const stream of held) stream.close();
  });

  for (const kind of kinds) {
    it(`gives the slot of a ${kind} stream back when its client closes it`, async () => {
      const user = await streamingUser(server.url);
      const held = await Promise.all([1, 2].map(() => open('chatSse', user)));
      const mine = await open(kind, user);
      expect(mine.status).toBe(200);
      expect((await open('events', user)).status).toBe(429);
      mine.close();
      held.push(await openOnceFree('events', user));
      for (const stream of held) stream.close();
    });
  }

  it('gives slots back when the server ends the streams: the reply ends, the chat is deleted', async () => {
    const user = await streamingUser(server.url);
    const events = await open('events', user);
    const sse = await open('chatSse', user);
    const socket = await open('webSocket', user);
    expect((await open('events', user)).status).toBe(429);

    await user.api.post(`/api/messages/${user.replyId}/stop`);
    await events.ended;
    const again = await openOnceFree('chatSse', user);
    await user.api.delete(`/api/chats/${user.chatId}`);
    await Promise.all([sse.ended, socket.ended, again.ended]);

    const chat = await user.api.newChat({ model: 'openai:fake?tokens=100000&rate=5' });
    const next = { ...user, chatId: chat.id, replyId: (await user.api.send(chat.id, 'Again')).assistantMessage.id };
    const reopened = [await openOnceFree('webSocket', next), await open('events', next), await open('chatSse', next)];
    expect(reopened.map((stream) => stream.status)).toEqual([200, 200, 200]);
    for (const stream of reopened) stream.close();
  });
});
