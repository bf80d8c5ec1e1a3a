import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';

let server: HotlineUnderTest | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const messageCount = async (client: ApiClient, chatId: string) => (await client.get(`/api/chats/${chatId}`)).body.messages.length;

describe('rate limits', () => {
  it('limits messages per user per minute: over it answers 429 with Retry-After and stores nothing', async () => {
    server = await startHotline({ HOTLINE_MESSAGES_PER_MINUTE: '3', HOTLINE_STREAMS_PER_USER: '100' });
    const alice = await new ApiClient(server.url).signUp();
    const chats = await Promise.all([1, 2, 3, 4].map(() => alice.newChat({ model: 'openai:fake?tokens=1&rate=0' })));
    for (const chat of chats.slice(0, 3)) expect((await alice.post(`/api/chats/${chat.id}/messages`, { content: 'hi' })).status).toBe(202);
    const over = await alice.post(`/api/chats/${chats[3]!.id}/messages`, { content: 'hi' });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.body.error.code).toBe('rate_limited');
    expect(await messageCount(alice, chats[3]!.id)).toBe(0);
    // per user: someone else is not affected
    const bob = await new ApiClient(server.url).signUp();
    const bobs = await bob.newChat({ model: 'openai:fake?tokens=1&rate=0' });
    expect((await bob.post(`/api/chats/${bobs.id}/messages`, { content: 'hi' })).status).toBe(202);
  });

  it('limits replies streaming at once per user', async () => {
    server = await startHotline({ HOTLINE_STREAMS_PER_USER: '2' });
    const alice = await new ApiClient(server.url).signUp();
    const chats = await Promise.all([1, 2, 3].map(() => alice.newChat({ model: 'openai:slow?tokens=300&rate=20' })));
    const replies = [await alice.send(chats[0]!.id), await alice.send(chats[1]!.id)];
    const third = await alice.post(`/api/chats/${chats[2]!.id}/messages`, { content: 'one more' });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
    expect(await messageCount(alice, chats[2]!.id)).toBe(0);
    await alice.post(`/api/messages/${replies[0].assistantMessage.id}/stop`);
    expect((await alice.post(`/api/chats/${chats[2]!.id}/messages`, { content: 'one more' })).status).toBe(202);
    for (const chat of chats) await alice.delete(`/api/chats/${chat.id}`);
  });

  it('limits sign-up and sign-in attempts per IP', async () => {
    server = await startHotline({ HOTLINE_AUTH_ATTEMPTS_PER_MINUTE: '3' });
    const anonymous = new ApiClient(server.url);
    for (let i = 0; i < 3; i++) {
      expect((await anonymous.post('/api/session', { email: 'x@example.com', password: 'guess' + i })).status).toBe(401);
    }
    const over = await anonymous.post('/api/session', { email: 'x@example.com', password: 'guess' });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeTruthy();
    for (let i = 0; i < 3; i++) await anonymous.post('/api/users', { email: `new${i}@example.com`, password: 'password1' });
    const signUp = await anonymous.post('/api/users', { email: 'late@example.com', password: 'password1' });
    expect(signUp.status).toBe(429);
    const stored = await server.hotline.users.findByEmail('late@example.com');
    expect(stored).toBeUndefined();
  });

  it('counts only accepted messages: a 409 while a reply streams, a 413 or a 422 spends nothing', async () => {
    server = await startHotline({ HOTLINE_MESSAGES_PER_MINUTE: '2', HOTLINE_STREAMS_PER_USER: '100' });
    const alice = await new ApiClient(server.url).signUp();
    const chat = await alice.newChat({ model: 'openai:slow?tokens=200&rate=20' });
    const first = await alice.send(chat.id, 'first');
    // A client that waits politely for the reply to end is refused with 409 many times over.
    for (let i = 0; i < 5; i++) expect((await alice.post(`/api/chats/${chat.id}/messages`, { content: 'again' })).status).toBe(409);
    expect((await alice.post(`/api/chats/${chat.id}/messages`, { content: '' })).status).toBe(422);
    expect((await alice.post(`/api/chats/${chat.id}/messages`, { content: 'x'.repeat(70 * 1024) })).status).toBe(413);
    await alice.post(`/api/messages/${first.assistantMessage.id}/stop`);
    // The second accepted message is still within the quota of two; the third is not.
    expect((await alice.post(`/api/chats/${chat.id}/messages`, { content: 'second' })).status).toBe(202);
    const other = await alice.newChat({ model: 'openai:fake?tokens=1&rate=0' });
    const over = await alice.post(`/api/chats/${other.id}/messages`, { content: 'third' });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    await alice.delete(`/api/chats/${chat.id}`);
  });

  it('limits new chats per user per minute, counting only the ones made', async () => {
    server = await startHotline({ HOTLINE_CHATS_PER_MINUTE: '2' });
    const alice = await new ApiClient(server.url).signUp();
    expect((await alice.post('/api/chats', { model: 'mistral:large' })).status).toBe(422);
    expect((await alice.post('/api/chats', {})).status).toBe(201);
    expect((await alice.post('/api/chats', {})).status).toBe(201);
    const over = await alice.post('/api/chats', {});
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeTruthy();
    expect((await alice.get('/api/chats')).body.chats).toHaveLength(2);
  });

  it('can be switched off', async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_AUTH_ATTEMPTS_PER_MINUTE: '1' });
    const anonymous = new ApiClient(server.url);
    for (let i = 0; i < 3; i++) expect((await anonymous.post('/api/session', { email: 'x@example.com', password: 'guess' })).status).toBe(401);
  });
});
