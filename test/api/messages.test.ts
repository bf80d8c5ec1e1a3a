import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
let bob: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MAX_CONTENT_BYTES: '1000' });
  alice = await new ApiClient(server.url).signUp();
  bob = await new ApiClient(server.url).signUp();
});
afterAll(() => server.close());

describe('messages', () => {
  it('answers a post with 202 at once and generates the reply in the background', async () => {
    // A reply that takes two seconds to write: the answer comes while it is still being written, not after.
    const chat = await alice.newChat({ model: 'openai:fake?tokens=40&rate=20' });
    const { status, body } = await alice.post(`/api/chats/${chat.id}/messages`, { content: 'Hi!' });
    expect(status).toBe(202);
    expect(body.userMessage).toMatchObject({ role: 'user', content: 'Hi!', status: 'completed', chatId: chat.id });
    expect(body.assistantMessage).toMatchObject({ role: 'assistant', content: '', status: 'streaming', model: chat.model });
    const done = await alice.settled(body.assistantMessage.id);
    expect(done).toMatchObject({ status: 'completed', content: expectedText(40), finishReason: 'stop' });
    expect(done.usage.outputTokens).toBe(40);
    expect(done.completedAt).toEqual(expect.any(String));
    expect(done.timeToFirstTokenMs).toEqual(expect.any(Number));
  });

  it('returns a message with every field of the contract', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=2&rate=0' });
    const turn = await alice.send(chat.id);
    await alice.settled(turn.assistantMessage.id);
    const { status, body } = await alice.get(`/api/messages/${turn.assistantMessage.id}`);
    expect(status).toBe(200);
    for (const field of [
      'id',
      'chatId',
      'role',
      'content',
      'parts',
      'status',
      'model',
      'finishReason',
      'error',
      'usage',
      'thinking',
      'sources',
      'createdAt',
      'completedAt',
    ]) {
      expect(body).toHaveProperty(field);
    }
    expect(Object.keys(body.usage).sort()).toEqual(['cachedInputTokens', 'inputTokens', 'outputTokens', 'reasoningTokens']);
    expect(body.parts).toEqual([{ type: 'text', text: body.content }]);
  });

  it('refuses a second message while the chat’s reply still streams (409), and stores nothing', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=200&rate=50' });
    const first = await alice.send(chat.id);
    const second = await alice.post(`/api/chats/${chat.id}/messages`, { content: 'again' });
    expect(second.status).toBe(409);
    expect((await alice.get(`/api/chats/${chat.id}`)).body.messages).toHaveLength(2);
    await alice.post(`/api/messages/${first.assistantMessage.id}/stop`);
  });

  it('answers bad message input: empty (422), wrong type (422), malformed JSON (400), too large (413)', async () => {
    const chat = await alice.newChat();
    const path = `/api/chats/${chat.id}/messages`;
    const empty = await alice.post(path, { content: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toMatch(/^content/);
    expect((await alice.post(path, { content: 12 })).status).toBe(422);
    expect((await alice.post(path, {})).status).toBe(422);
    expect((await alice.post(path)).status).toBe(422);
    expect((await alice.post(path, '{"content": "unterminated')).status).toBe(400);
    const large = await alice.post(path, { content: 'é'.repeat(501) });
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('too_large');
    expect((await alice.get(`/api/chats/${chat.id}`)).body.messages).toEqual([]);
  });

  it('answers 404 for unknown ids and for another user’s chat or message', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=2&rate=0' });
    const turn = await alice.send(chat.id);
    await alice.settled(turn.assistantMessage.id);
    const id = turn.assistantMessage.id;
    for (const response of [
      await bob.post(`/api/chats/${chat.id}/messages`, { content: 'mine now' }),
      await bob.get(`/api/messages/${id}`),
      await bob.get(`/api/messages/${id}/events`),
      await bob.post(`/api/messages/${id}/stop`),
      await bob.post(`/api/messages/${id}/retry`),
      await alice.get('/api/messages/unknown'),
      await alice.post('/api/chats/unknown/messages', { content: 'x' }),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it('needs no Content-Type for requests without a body, and tolerates one with an empty body', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=2&rate=0' });
    const turn = await alice.send(chat.id);
    await alice.settled(turn.assistantMessage.id);
    const bare = await fetch(`${server.url}/api/messages/${turn.assistantMessage.id}/stop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(bare.status).toBe(202);
    const typed = await fetch(`${server.url}/api/messages/${turn.assistantMessage.id}/stop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
    });
    expect(typed.status).toBe(202);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const { status, body } = await alice.get('/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});
