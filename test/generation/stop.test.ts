import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import type { ApiClient } from '../support/api-client.ts';
import { signInAgain, signUpUser, type SignedUp } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { followToEnd, subscribe, untilClosed } from '../support/reply-stream.ts';
import { requestsFor, sentTurns } from '../support/sent-conversation.ts';
import { textOf } from '../support/sse-client.ts';

let server: HotlineUnderTest;
let alice: SignedUp;
let bob: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
  alice = await signUpUser(server.url);
  bob = (await signUpUser(server.url)).client;
});
afterAll(() => server.close());

/** Starts a long reply and waits until a subscriber has received a few of its deltas. */
async function longReplyUnderWay(name: string) {
  const chat = await alice.client.newChat({ model: `openai:${name}?tokens=500&rate=50` });
  const turn = await alice.client.send(chat.id, 'Tell me a long story');
  const id: string = turn.assistantMessage.id;
  const stream = await subscribe(server.url, alice.client, id);
  await stream.until((events) => events.filter((e) => e.event === 'delta').length >= 3);
  return { id, stream, scenario: `${name}?tokens=500&rate=50` };
}

describe('stop', () => {
  it('a stopped reply aborts the upstream request and ends cancelled with exactly the text its subscribers received', async () => {
    const { id, stream, scenario } = await longReplyUnderWay('stop-mid-reply');
    const stopped = await alice.client.post(`/api/messages/${id}/stop`);
    expect(stopped.status).toBe(202);
    expect(stopped.body.assistantMessage).toMatchObject({ id, status: 'cancelled' });

    const abort = await server.provider.waitForAbort((a) => a.model === scenario);
    expect(abort.tokensSent).toBeGreaterThan(0);
    expect(abort.tokensSent).toBeLessThan(500);

    await untilClosed(stream);
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled' } });
    const message = await alice.client.settled(id);
    expect(message.status).toBe('cancelled');
    expect(message.content.length).toBeGreaterThan(0);
    expect(message.content).toBe(textOf(stream.events));
    expect(expectedText(500).startsWith(message.content)).toBe(true);
    expect(message.content.length).toBeLessThan(expectedText(500).length);
  });

  it('a reply can be stopped from a second session of the same user', async () => {
    const { id, stream, scenario } = await longReplyUnderWay('stop-other-session');
    const phone = await signInAgain(server.url, alice);
    const stopped = await phone.post(`/api/messages/${id}/stop`);
    expect(stopped.status).toBe(202);
    await server.provider.waitForAbort((a) => a.model === scenario);
    await untilClosed(stream);
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled' } });
    expect((await alice.client.settled(id)).content).toBe(textOf(stream.events));
  });

  it('stopping a reply that already ended answers 202 and changes nothing', async () => {
    const chat = await alice.client.newChat({ model: 'openai:stop-finished?tokens=6&rate=0' });
    const turn = await alice.client.send(chat.id);
    const before = await alice.client.settled(turn.assistantMessage.id);
    expect(before.status).toBe('completed');
    const stopped = await alice.client.post(`/api/messages/${before.id}/stop`);
    expect(stopped.status).toBe(202);
    expect(stopped.body.assistantMessage).toEqual(before);
    expect((await alice.client.get(`/api/messages/${before.id}`)).body).toEqual(before);
    const replay = await followToEnd(server.url, alice.client, before.id);
    expect(replay.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
  });

  it('another user cannot stop a reply: 404, and it goes on to complete', async () => {
    const chat = await alice.client.newChat({ model: 'openai:stop-not-yours?tokens=30&rate=100' });
    const turn = await alice.client.send(chat.id);
    const theirs = await bob.post(`/api/messages/${turn.assistantMessage.id}/stop`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('not_found');
    const message = await alice.client.settled(turn.assistantMessage.id);
    expect(message).toMatchObject({ status: 'completed', content: expectedText(30) });
  });
});

describe('retry', () => {
  it('a retry makes a new reply to the same user message, and the model is asked that message again', async () => {
    const scenario = 'retry-same-question?tokens=5&rate=0';
    const chat = await alice.client.newChat({ model: `openai:${scenario}` });
    const first = await alice.client.send(chat.id, 'First question');
    await alice.client.settled(first.assistantMessage.id);
    const second = await alice.client.send(chat.id, 'Second question');
    const answered = await alice.client.settled(second.assistantMessage.id);

    const retried = await alice.client.post(`/api/messages/${answered.id}/retry`);
    expect(retried.status).toBe(202);
    const reply = retried.body.assistantMessage;
    expect(reply).toMatchObject({ role: 'assistant', status: 'streaming', chatId: chat.id, content: '' });
    expect(reply.id).not.toBe(answered.id);
    expect(await alice.client.settled(reply.id)).toMatchObject({ status: 'completed', content: expectedText(5) });
    expect((await server.hotline.messages.findById(reply.id))!.reply_to).toBe(second.userMessage.id);

    const requests = requestsFor(server.provider, scenario);
    expect(requests).toHaveLength(3);
    expect(sentTurns(requests[2]!)).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: expectedText(5) },
      { role: 'user', content: 'Second question' },
    ]);
    // The new reply takes the old one's place on the chat's path, as its second version.
    const { body } = await alice.client.get(`/api/chats/${chat.id}`);
    expect(body.messages.map((m: any) => m.id)).toEqual([first.userMessage.id, first.assistantMessage.id, second.userMessage.id, reply.id]);
    expect(body.messages[3]).toMatchObject({ parentId: second.userMessage.id, versions: [answered.id, reply.id] });
    expect((await alice.client.get(`/api/messages/${answered.id}`)).body).toEqual({ ...answered, versions: [answered.id, reply.id] });
  });

  it('a failed reply can be retried, and the retry completes', async () => {
    const chat = await alice.client.newChat({ model: 'openai:retry-failed?fault=500&failTimes=3&tokens=5&rate=0' });
    const turn = await alice.client.send(chat.id);
    expect((await alice.client.settled(turn.assistantMessage.id)).status).toBe('failed');
    const retried = await alice.client.post(`/api/messages/${turn.assistantMessage.id}/retry`);
    expect(retried.status).toBe(202);
    expect(await alice.client.settled(retried.body.assistantMessage.id)).toMatchObject({ status: 'completed', content: expectedText(5) });
  });

  it('a reply that still streams cannot be retried (409)', async () => {
    const chat = await alice.client.newChat({ model: 'openai:retry-streaming?tokens=200&rate=50' });
    const turn = await alice.client.send(chat.id);
    const retried = await alice.client.post(`/api/messages/${turn.assistantMessage.id}/retry`);
    expect(retried.status).toBe(409);
    expect(retried.body.error.code).toEqual(expect.any(String));
    expect((await alice.client.get(`/api/chats/${chat.id}`)).body.messages).toHaveLength(2);
    await alice.client.post(`/api/messages/${turn.assistantMessage.id}/stop`);
  });

  it('a user message cannot be retried (422), nor another user’s reply (404)', async () => {
    const chat = await alice.client.newChat({ model: 'openai:retry-refused?tokens=3&rate=0' });
    const turn = await alice.client.send(chat.id);
    await alice.client.settled(turn.assistantMessage.id);
    const ofUserMessage = await alice.client.post(`/api/messages/${turn.userMessage.id}/retry`);
    expect(ofUserMessage.status).toBe(422);
    const theirs = await bob.post(`/api/messages/${turn.assistantMessage.id}/retry`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('not_found');
    expect((await alice.client.get(`/api/chats/${chat.id}`)).body.messages).toHaveLength(2);
  });
});
