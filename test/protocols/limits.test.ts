import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { signedInHotline } from '../support/signed-in-hotline.ts';
import { subscribe } from '../support/reply-stream.ts';

const question = { id: 'limits-chat', messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }], trigger: 'submit-message' };

describe('the per-user stream cap on the protocol routes', () => {
  const context = signedInHotline({ HOTLINE_SUBSCRIPTIONS_PER_USER: '1', HOTLINE_MESSAGES_PER_MINUTE: '1000' });

  it('a user holding their one stream is refused a new one on every protocol, 429 with Retry-After, nothing stored', async () => {
    const { client, server } = context;
    const chat = await client.newChat({ model: 'openai:cap-hold?tokens=2000&rate=100' });
    const turn = await client.send(chat.id, 'Hold the slot');
    const held = await subscribe(server.url, client, turn.assistantMessage.id);
    await held.until((events) => events.some((e) => e.event === 'delta'));

    const aiSdk = await client.post('/api/ai-sdk/chat', question);
    expect(aiSdk.status).toBe(429);
    expect(aiSdk.headers.get('retry-after')).toBe('5');
    expect((await client.get(`/api/ai-sdk/chat/${chat.id}/stream`)).status).toBe(429);

    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: client.token!, maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    await expect(openai.chat.completions.create({ model: 'openai:cap-x', messages, stream: true })).rejects.toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      code: 'too_many_streams',
    });
    await expect(openai.responses.create({ model: 'openai:cap-x', input: 'Hi', stream: true })).rejects.toMatchObject({ status: 429 });
    expect((await client.get('/api/chats')).body.chats.map((c: { id: string }) => c.id)).toEqual([chat.id]);
    held.cut();
  });
});

describe('the per-user message rate limit on the protocol routes', () => {
  const context = signedInHotline({ HOTLINE_MESSAGES_PER_MINUTE: '2' });

  it('counts AI SDK and OpenAI requests with the API’s own, and refuses past it in each protocol’s shape', async () => {
    const { client, server } = context;
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: client.token!, maxRetries: 0 });
    await openai.chat.completions.create({ model: 'openai:rate?tokens=1&rate=0', messages: [{ role: 'user', content: 'One' }] });
    await openai.responses.create({ model: 'openai:rate?tokens=1&rate=0', input: 'Two' });
    await expect(openai.responses.create({ model: 'openai:rate?tokens=1&rate=0', input: 'Three' })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
    const aiSdk = await client.post('/api/ai-sdk/chat', question);
    expect(aiSdk.status).toBe(429);
    expect(aiSdk.body.error.code).toBe('rate_limited');
  });
});
