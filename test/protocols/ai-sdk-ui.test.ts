import { describe, expect, it } from 'vitest';
import { expectedReasoning, expectedText } from '../../src/testing/fake-provider/server.ts';
import { aiSdkChat, asJson } from '../support/ai-sdk-chat.ts';
import { signUpUser } from '../support/accounts.ts';
import { signedInHotline } from '../support/signed-in-hotline.ts';

const context = signedInHotline({ HOTLINE_RATE_LIMITS: 'off' });

/** The stored reply as `GET /api/ai-sdk/chat/:id/messages` gives it: what a finished stream must have assembled. */
async function storedMessages(chatId: string) {
  const response = await context.client.get(`/api/ai-sdk/chat/${chatId}/messages`);
  expect(response.status).toBe(200);
  return response.body.messages as Array<{ id: string; role: string; parts: Array<{ type: string; text?: string }> }>;
}

const terminalChunks = (events: string[]) => events.filter((e) => /"type":"(finish|abort|error)"/.test(e));

describe('the AI SDK UI message stream, driven by the ai package', () => {
  it('DefaultChatTransport sends a message and assembles exactly the stored reply, reasoning and text', async () => {
    const { client } = context;
    const chat = await client.newChat({ model: 'openai:aisdk-send?tokens=12&rate=0&reasoning=5' });
    const { chat: useChat, watch, errors } = aiSdkChat(client.url, client.token!, { id: chat.id });
    await useChat.sendMessage({ text: 'Hello there' });
    expect(errors).toEqual([]);
    expect(useChat.status).toBe('ready');

    const reply = useChat.messages.at(-1)!;
    const stored = await storedMessages(chat.id);
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(reply.id).toBe(stored[1]!.id);
    expect(asJson(reply)).toEqual(stored[1]);
    expect(reply.parts.filter((p) => p.type === 'reasoning').map((p) => (p as { text: string }).text)).toEqual([expectedReasoning(5)]);
    expect(reply.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text)).toEqual([expectedText(12)]);
    expect(terminalChunks(watch.events)).toHaveLength(1);
    expect(watch.events.at(-1)).toBe('data: [DONE]\n\n');
  });

  it('a reply cut mid-stream and resumed with Last-Event-ID assembles exactly the stored parts, nothing twice', async () => {
    const { client } = context;
    const chat = await client.newChat({ model: 'openai:aisdk-cut?tokens=150&rate=300&reasoning=30' });
    const { chat: useChat, watch, errors } = aiSdkChat(client.url, client.token!, { id: chat.id, exact: true });
    // Cut inside the reasoning, then again inside the text: each resume goes on in the part the client has.
    watch.cutNextAfter(12);
    await useChat.sendMessage({ text: 'Think, then tell me a story' });
    expect(useChat.status).toBe('error');
    expect(errors.at(-1)).toBeInstanceOf(TypeError);
    expect(useChat.messages.at(-1)!.parts.map((p) => [p.type, 'state' in p ? p.state : undefined])).toEqual([
      ['step-start', undefined],
      ['reasoning', 'streaming'],
    ]);
    watch.cutNextAfter(60);
    await useChat.resumeStream();
    expect(useChat.messages.at(-1)!.parts.at(-1)).toMatchObject({ type: 'text', state: 'streaming' });
    await useChat.resumeStream();
    expect(useChat.status).toBe('ready');

    const stored = await storedMessages(chat.id);
    expect(stored[1]!.parts.map((p) => p.type)).toEqual(['step-start', 'reasoning', 'text']);
    expect(asJson(useChat.messages)).toEqual([expect.objectContaining({ role: 'user' }), stored[1]]);
    expect(terminalChunks(watch.events)).toHaveLength(1);
    // Every chunk was received once: no id repeats across the three connections.
    const ids = watch.events.map((e) => /^id: (.*)$/m.exec(e)?.[1]).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the stock transport reconnects from the reply’s start, as after a reload, and shows it once', async () => {
    const { client } = context;
    const chat = await client.newChat({ model: 'openai:aisdk-reload?tokens=150&rate=300' });
    const first = aiSdkChat(client.url, client.token!, { id: chat.id });
    first.watch.cutNextAfter(20);
    await first.chat.sendMessage({ text: 'A long one' });
    // A reload: the page loads the chat's messages (the reply so far) and resumes.
    const loaded = await storedMessages(chat.id);
    const reloaded = aiSdkChat(client.url, client.token!, { id: chat.id, messages: loaded as never });
    await reloaded.chat.resumeStream();
    expect(reloaded.errors).toEqual([]);
    const stored = await storedMessages(chat.id);
    expect(asJson(reloaded.chat.messages)).toEqual(stored);
    expect(stored[1]!.parts.at(-1)).toMatchObject({ type: 'text', text: expectedText(150) });
  });

  it('GET …/stream answers 204 when nothing streams, and an ended reply’s rest when a Last-Event-ID is behind it', async () => {
    const { client } = context;
    const chat = await client.newChat({ model: 'openai:aisdk-ended?tokens=8&rate=0' });
    const idle = await client.get(`/api/ai-sdk/chat/${chat.id}/stream`);
    expect(idle.status).toBe(204);
    const { chat: useChat, watch } = aiSdkChat(client.url, client.token!, { id: chat.id });
    await useChat.sendMessage({ text: 'Hi' });
    expect((await client.get(`/api/ai-sdk/chat/${chat.id}/stream`)).status).toBe(204);
    expect((await client.get('/api/ai-sdk/chat/a-chat-never-used/stream')).status).toBe(204);

    // A client that lost the end: the third-last chunk's id gives it the last two, then [DONE].
    const ids = watch.events.map((e) => /^id: (.*)$/m.exec(e)?.[1]).filter((id): id is string => id !== undefined);
    const rest = await fetch(`${client.url}/api/ai-sdk/chat/${chat.id}/stream`, {
      headers: { authorization: `Bearer ${client.token}`, 'last-event-id': ids.at(-3)! },
    });
    expect(rest.status).toBe(200);
    expect(rest.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(await rest.text()).toBe(watch.events.slice(-3).join(''));
    const all = await client.request('GET', `/api/ai-sdk/chat/${chat.id}/stream`, undefined, { 'last-event-id': ids.at(-1)! });
    expect(all.status).toBe(204);
    const foreign = await client.request('GET', `/api/ai-sdk/chat/${chat.id}/stream`, undefined, { 'last-event-id': 'zzzz-1' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('invalid_last_event_id');
  });

  it('a reply stopped from another connection ends the streaming client with abort, and the upstream request', async () => {
    const { client, server } = context;
    const scenario = 'aisdk-stop?tokens=2000&rate=200';
    const chat = await client.newChat({ model: `openai:${scenario}` });
    const { chat: useChat, watch } = aiSdkChat(client.url, client.token!, { id: chat.id });
    const sending = useChat.sendMessage({ text: 'Go on forever' });
    await expect.poll(() => watch.events.filter((e) => e.includes('"text-delta"')).length, { timeout: 10_000 }).toBeGreaterThan(3);
    const stopped = await client.post(`/api/ai-sdk/chat/${chat.id}/stop`);
    expect(stopped.status).toBe(202);
    await sending;
    await server.provider.waitForAbort((a) => a.model === scenario);
    expect(terminalChunks(watch.events)).toEqual([expect.stringContaining('"type":"abort"')]);
    const stored = await storedMessages(chat.id);
    expect(asJson(useChat.messages.at(-1))).toEqual(stored[1]);
    expect((await client.get(`/api/messages/${stored[1]!.id}`)).body.status).toBe('cancelled');
  });

  it('regenerate makes a new version of the reply, streamed the same way', async () => {
    const { client } = context;
    const chat = await client.newChat({ model: 'openai:aisdk-regenerate?tokens=5&rate=0' });
    const { chat: useChat } = aiSdkChat(client.url, client.token!, { id: chat.id });
    await useChat.sendMessage({ text: 'Hi' });
    const firstReply = useChat.messages.at(-1)!.id;
    await useChat.regenerate();
    const stored = await storedMessages(chat.id);
    expect(stored).toHaveLength(2);
    expect(stored[1]!.id).not.toBe(firstReply);
    expect(asJson(useChat.messages)).toEqual([expect.objectContaining({ role: 'user' }), stored[1]]);
    const versions = (await client.get(`/api/messages/${stored[1]!.id}`)).body.versions;
    expect(versions).toEqual([firstReply, stored[1]!.id]);
  });

  it('client chat ids are the user’s own: another user’s chat is not found, and the same id names two chats', async () => {
    const { client } = context;
    const chat = await client.newChat({ model: 'openai:aisdk-owner?tokens=5&rate=0' });
    await aiSdkChat(client.url, client.token!, { id: chat.id }).chat.sendMessage({ text: 'Mine' });
    const bob = (await signUpUser(client.url)).client;
    expect((await bob.get(`/api/ai-sdk/chat/${chat.id}/messages`)).status).toBe(404);
    expect((await bob.post(`/api/ai-sdk/chat/${chat.id}/stop`)).status).toBe(404);
    expect((await bob.get(`/api/ai-sdk/chat/${chat.id}/stream`)).status).toBe(204);

    // Bob's useChat with the same id talks in a chat of his own; Alice's is untouched.
    const bobs = aiSdkChat(bob.url, bob.token!, { id: chat.id });
    await bobs.chat.sendMessage({ text: 'Whose chat is this?' });
    expect(bobs.chat.messages.at(-1)!.id).not.toBe((await storedMessages(chat.id))[1]!.id);
    expect(await storedMessages(chat.id)).toHaveLength(2);
    expect((await bob.get(`/api/ai-sdk/chat/${chat.id}/messages`)).body.messages).toHaveLength(2);
    expect((await bob.get('/api/chats')).body.chats).toHaveLength(1);
  });

  it('bad input answers 4xx in Hotline’s error shape with nothing stored', async () => {
    const bob = (await signUpUser(context.client.url)).client;
    const bad = [
      { id: 'c1', messages: [], trigger: 'submit-message' },
      { id: 'c1', messages: [{ role: 'assistant', parts: [{ type: 'text', text: 'hi' }] }], trigger: 'submit-message' },
      { id: 'c1', messages: [{ role: 'user', parts: [{ type: 'text', text: '  ' }] }], trigger: 'submit-message' },
      { id: 'c1', messages: [{ role: 'user', parts: [] }], trigger: 'resume' },
      { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }], trigger: 'submit-message' },
    ];
    for (const body of bad) {
      const response = await bob.post('/api/ai-sdk/chat', body);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('invalid_body');
    }
    expect((await bob.get('/api/chats')).body.chats).toEqual([]);
    const anonymous = await fetch(`${bob.url}/api/ai-sdk/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bad[0]),
    });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('unauthorized');
  });
});
