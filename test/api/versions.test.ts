import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import type { ApiClient } from '../support/api-client.ts';
import { signUpUser } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { requestsFor, sentTurns } from '../support/sent-conversation.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
let bob: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
  alice = (await signUpUser(server.url)).client;
  bob = (await signUpUser(server.url)).client;
});
afterAll(() => server.close());

const put = (client: ApiClient, path: string, body: unknown) => client.request('PUT', path, body);
const pathOf = async (chatId: string) => (await alice.get(`/api/chats/${chatId}`)).body.messages.map((m: any) => m.id);

/** A chat with two finished turns: [q1, a1, q2, a2]. */
async function twoTurns(scenario: string) {
  const chat = await alice.newChat({ model: `openai:${scenario}` });
  const first = await alice.send(chat.id, 'First question');
  await alice.settled(first.assistantMessage.id);
  const second = await alice.send(chat.id, 'Second question');
  await alice.settled(second.assistantMessage.id);
  return { chat, q1: first.userMessage.id, a1: first.assistantMessage.id, q2: second.userMessage.id, a2: second.assistantMessage.id };
}

describe('versions of a reply', () => {
  it('a retry of an earlier reply is a new version in its place; the later turns stay on the old branch, and the model sees only the path', async () => {
    const scenario = 'versions-retry?tokens=5&rate=0';
    const { chat, q1, a1, q2, a2 } = await twoTurns(scenario);
    const retried = await alice.post(`/api/messages/${a1}/retry`);
    expect(retried.status).toBe(202);
    const b1 = retried.body.assistantMessage;
    expect(b1).toMatchObject({ parentId: q1, versions: [a1, b1.id] });
    await alice.settled(b1.id);
    expect(await pathOf(chat.id)).toEqual([q1, b1.id]);
    expect(sentTurns(requestsFor(server.provider, scenario)[2]!)).toEqual([{ role: 'user', content: 'First question' }]);

    // A new question now follows the new version, and its model never sees the old branch.
    const third = await alice.send(chat.id, 'Third question');
    expect(third.userMessage.parentId).toBe(b1.id);
    await alice.settled(third.assistantMessage.id);
    expect(sentTurns(requestsFor(server.provider, scenario)[3]!)).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: expectedText(5) },
      { role: 'user', content: 'Third question' },
    ]);

    // Back to the first version: the path runs on to the newest message below it.
    const moved = await put(alice, `/api/chats/${chat.id}/current`, { messageId: a1 });
    expect(moved.status).toBe(200);
    expect(moved.body.messages.map((m: any) => m.id)).toEqual([q1, a1, q2, a2]);
    expect(moved.body.messages[1].versions).toEqual([a1, b1.id]);
    expect(await pathOf(chat.id)).toEqual([q1, a1, q2, a2]);
  });

  it('an edit is a new version of the question with a new reply; the model is asked the edited question', async () => {
    const scenario = 'versions-edit?tokens=5&rate=0';
    const { chat, q1, a1, q2 } = await twoTurns(scenario);
    const edited = await alice.post(`/api/messages/${q2}/edit`, { content: 'Second question, better put' });
    expect(edited.status).toBe(202);
    const { userMessage, assistantMessage } = edited.body;
    expect(userMessage).toMatchObject({ role: 'user', content: 'Second question, better put', parentId: a1, versions: [q2, userMessage.id] });
    expect(assistantMessage).toMatchObject({ role: 'assistant', status: 'streaming', parentId: userMessage.id, versions: [assistantMessage.id] });
    await alice.settled(assistantMessage.id);
    expect(await pathOf(chat.id)).toEqual([q1, a1, userMessage.id, assistantMessage.id]);
    expect(sentTurns(requestsFor(server.provider, scenario)[2]!)).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: expectedText(5) },
      { role: 'user', content: 'Second question, better put' },
    ]);

    // The first question can be edited too: a version with no parent, beside it.
    const first = await alice.post(`/api/messages/${q1}/edit`, { content: 'Start again' });
    expect(first.body.userMessage).toMatchObject({ parentId: null, versions: [q1, first.body.userMessage.id] });
    await alice.settled(first.body.assistantMessage.id);
    expect(await pathOf(chat.id)).toEqual([first.body.userMessage.id, first.body.assistantMessage.id]);
  });

  it('refuses bad edits and moves: another user’s objects are not found, wrong input is 422, a streaming chat is 409', async () => {
    const { chat, q1, a1 } = await twoTurns('versions-refusals?tokens=5&rate=0');
    const other = await alice.newChat({ model: 'openai:versions-refusals?tokens=5&rate=0' });
    const elsewhere = await alice.send(other.id, 'Elsewhere');
    await alice.settled(elsewhere.assistantMessage.id);

    expect((await bob.post(`/api/messages/${q1}/edit`, { content: 'mine now' })).status).toBe(404);
    expect((await put(bob, `/api/chats/${chat.id}/current`, { messageId: a1 })).status).toBe(404);
    const bobs = await bob.newChat();
    expect((await put(bob, `/api/chats/${bobs.id}/current`, { messageId: a1 })).body.error.code).toBe('not_found');
    expect((await alice.post(`/api/messages/${a1}/edit`, { content: 'a reply' })).status).toBe(422);
    expect((await alice.post(`/api/messages/${q1}/edit`, { content: '  ' })).status).toBe(422);
    expect((await alice.post(`/api/messages/${q1}/edit`, {})).status).toBe(422);
    expect((await put(alice, `/api/chats/${chat.id}/current`, {})).status).toBe(422);
    expect((await put(alice, `/api/chats/${chat.id}/current`, { messageId: elsewhere.userMessage.id })).status).toBe(422);
    expect((await put(alice, `/api/chats/${chat.id}/current`, { messageId: 'no-such-message' })).status).toBe(404);

    const slow = await alice.newChat({ model: 'openai:versions-slow?tokens=2000&rate=50' });
    const turn = await alice.send(slow.id, 'Take your time');
    const busy = await put(alice, `/api/chats/${slow.id}/current`, { messageId: turn.userMessage.id });
    expect(busy.status).toBe(409);
    expect((await alice.post(`/api/messages/${turn.userMessage.id}/edit`, { content: 'Hurry' })).status).toBe(409);
    await alice.post(`/api/messages/${turn.assistantMessage.id}/stop`);
    expect(await pathOf(chat.id)).toEqual([q1, a1, expect.any(String), expect.any(String)]);
  });
});
