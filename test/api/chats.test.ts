import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
let bob: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
  alice = await new ApiClient(server.url).signUp();
  bob = await new ApiClient(server.url).signUp();
});
afterAll(() => server.close());

describe('chats', () => {
  it('creates a chat with defaults and with every field', async () => {
    const plain = await alice.post('/api/chats');
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ title: 'New chat', model: 'openai:fake', system: null, knowledgeBase: false });
    const full = await alice.post('/api/chats', { title: 'Recipes', model: 'anthropic:claude-test', system: 'Be brief.', knowledgeBase: true });
    expect(full.body).toMatchObject({ title: 'Recipes', model: 'anthropic:claude-test', system: 'Be brief.', knowledgeBase: true });
    expect(full.body.id).toEqual(expect.any(String));
    expect(full.body.createdAt).toEqual(expect.any(String));
  });

  it('refuses a model that is not configured, and wrong types (422)', async () => {
    const unknown = await alice.post('/api/chats', { model: 'mistral:large' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('invalid_model');
    expect((await alice.post('/api/chats', { title: 7 })).status).toBe(422);
    expect((await alice.post('/api/chats', { knowledgeBase: 'yes' })).status).toBe(422);
    expect((await alice.post('/api/chats', [1, 2])).status).toBe(422);
  });

  it('lists only the user’s own chats, newest first', async () => {
    const first = await bob.newChat({ title: 'first' });
    const second = await bob.newChat({ title: 'second' });
    const { body } = await bob.get('/api/chats');
    expect(body.chats.map((c: any) => c.id)).toEqual([second.id, first.id]);
    const alices = (await alice.get('/api/chats')).body.chats.map((c: any) => c.id);
    expect(alices).not.toContain(first.id);
  });

  it('shows a chat with its messages in order', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=3&rate=0' });
    const turn = await alice.send(chat.id, 'First question');
    await alice.settled(turn.assistantMessage.id);
    const { status, body } = await alice.get(`/api/chats/${chat.id}`);
    expect(status).toBe(200);
    expect(body.messages.map((m: any) => [m.role, m.status])).toEqual([
      ['user', 'completed'],
      ['assistant', 'completed'],
    ]);
    expect(body.messages[0].content).toBe('First question');
  });

  it('answers 404 for an unknown chat and for another user’s chat, the same way', async () => {
    const chat = await alice.newChat();
    const theirs = await bob.get(`/api/chats/${chat.id}`);
    const unknown = await bob.get('/api/chats/no-such-chat');
    expect([theirs.status, unknown.status]).toEqual([404, 404]);
    expect(theirs.body.error.code).toBe(unknown.body.error.code);
    expect((await bob.delete(`/api/chats/${chat.id}`)).status).toBe(404);
    expect((await alice.get(`/api/chats/${chat.id}`)).status).toBe(200);
  });

  it('deletes a chat (204), and stops its running reply', async () => {
    const chat = await alice.newChat({ model: 'openai:delete-me?tokens=500&rate=20' });
    const turn = await alice.send(chat.id, 'Tell me a long story');
    await new Promise((r) => setTimeout(r, 300));
    expect((await alice.delete(`/api/chats/${chat.id}`)).status).toBe(204);
    expect((await server.provider.waitForAbort((a) => a.model.startsWith('delete-me'))).tokensSent).toBeGreaterThan(0);
    expect((await alice.get(`/api/chats/${chat.id}`)).status).toBe(404);
    expect((await alice.get(`/api/messages/${turn.assistantMessage.id}`)).status).toBe(404);
  });
});
