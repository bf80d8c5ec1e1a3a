import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { expectedReasoning, expectedText } from '../../src/testing/fake-provider/server.ts';
import { signUpUser } from '../support/accounts.ts';
import { signedInHotline } from '../support/signed-in-hotline.ts';
import { requestsFor } from '../support/sent-conversation.ts';

const context = signedInHotline({ HOTLINE_RATE_LIMITS: 'off' });
const openai = () => new OpenAI({ baseURL: `${context.server.url}/v1`, apiKey: context.client.token!, maxRetries: 0 });

describe('the OpenAI Chat Completions API, driven by the openai package', () => {
  it('models.list gives the models this server serves, by Hotline’s ids', async () => {
    const ids = [];
    for await (const model of openai().models.list()) ids.push(model.id);
    expect(ids).toContain('openai:fake');
    expect(ids).toContain('offline');
  });

  it('a completion without streaming answers the stored reply, with its usage, and is a chat of the caller', async () => {
    const completion = await openai().chat.completions.create({
      model: 'openai:oa-plain?tokens=9&rate=0',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi! What can I do?' },
        { role: 'user', content: [{ type: 'text', text: 'Tell me something' }] },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toBe(expectedText(9));
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);

    const messageId = completion.id.replace(/^chatcmpl-/, '');
    const message = (await context.client.get(`/api/messages/${messageId}`)).body;
    expect(message).toMatchObject({ role: 'assistant', status: 'completed', content: expectedText(9) });
    const chat = (await context.client.get(`/api/chats/${message.chatId}`)).body;
    expect(chat.system).toBe('Be brief.');
    expect(chat.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['user', 'Hello'],
      ['assistant', 'Hi! What can I do?'],
      ['user', 'Tell me something'],
      ['assistant', expectedText(9)],
    ]);
    // The model was given the whole conversation the client sent.
    const [sent] = requestsFor(context.server.provider, 'oa-plain?tokens=9&rate=0');
    expect(JSON.stringify(sent!.body)).toContain('Hi! What can I do?');
  });

  it('a streamed completion gives the text and reasoning as deltas, one finish_reason, then the usage chunk', async () => {
    const stream = await openai().chat.completions.create({
      model: 'openai:oa-stream?tokens=20&rate=0&reasoning=4',
      messages: [{ role: 'user', content: 'Stream it' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let reasoning = '';
    const finishes: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      reasoning += (choice?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
      if (choice?.finish_reason) finishes.push(choice.finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(expectedText(20));
    expect(reasoning).toBe(expectedReasoning(4));
    expect(finishes).toEqual(['stop']);
    expect(usage!.completion_tokens).toBeGreaterThan(0);
    expect(usage!.total_tokens).toBe(usage!.prompt_tokens + usage!.completion_tokens);
  });

  describe('with the client’s own tools', () => {
    const tools: OpenAI.ChatCompletionFunctionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'The weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const scenario = (name: string) => `${name}?tokens=4&rate=0&tool=get_weather&args=${encodeURIComponent('{"city":"Paris"}')}`;

    it('hands the model’s call back the OpenAI way, streamed; the client runs it and the conversation goes on with its result', async () => {
      const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'What is the weather in Paris?' };
      // The SDK's own stream helper assembles the streamed call, as an app's tool loop does.
      const called = await openai()
        .chat.completions.stream({ model: `openai:${scenario('oa-client-tools')}`, messages: [question], tools })
        .finalChatCompletion();
      const [choice] = called.choices;
      expect(choice!.finish_reason).toBe('tool_calls');
      expect(choice!.message.tool_calls).toEqual([
        { id: expect.any(String), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      ]);
      // The model was offered the client's function, as declared.
      const [offered] = requestsFor(context.server.provider, scenario('oa-client-tools'));
      expect((offered!.body as { tools: unknown }).tools).toEqual([
        { type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: tools[0]!.function.parameters } },
      ]);

      const call = choice!.message.tool_calls![0]!;
      const answered = await openai().chat.completions.create({
        model: `openai:${scenario('oa-client-tools-2')}`,
        messages: [
          question,
          { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: call.function }] },
          { role: 'tool', tool_call_id: call.id, content: '{"celsius":21}' },
        ],
        tools,
      });
      expect(answered.choices[0]!.finish_reason).toBe('stop');
      expect(answered.choices[0]!.message.content).toBe(expectedText(4) + '\n\nTool results: {"celsius":21}');
      expect(answered.choices[0]!.message.tool_calls).toBeUndefined();
      // The model was given the call and its result in its own format.
      const [sent] = requestsFor(context.server.provider, scenario('oa-client-tools-2'));
      const messages = (sent!.body as { messages: Array<Record<string, unknown>> }).messages;
      expect(messages.slice(-2)).toEqual([
        expect.objectContaining({
          role: 'assistant',
          tool_calls: [{ id: call.id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        }),
        { role: 'tool', tool_call_id: call.id, content: '{"celsius":21}' },
      ]);
      // Both are chats of the caller: the call handed back, then the conversation with its result.
      const message = (await context.client.get(`/api/messages/${answered.id.replace(/^chatcmpl-/, '')}`)).body;
      const chat = (await context.client.get(`/api/chats/${message.chatId}`)).body;
      expect(
        chat.messages.map((m: { role: string; parts: Array<{ type: string; state?: string }> }) => [m.role, m.parts.map((p) => p.state ?? p.type)]),
      ).toEqual([
        ['user', ['text']],
        ['assistant', ['done']],
        ['assistant', ['text']],
      ]);
      expect(chat.messages[1].parts[0]).toMatchObject({ name: 'get_weather', input: { city: 'Paris' }, output: '{"celsius":21}' });
    });

    it('answers the call without streaming too, with no content and the tool calls', async () => {
      const completion = await openai().chat.completions.create({
        model: `openai:${scenario('oa-client-tools-plain')}`,
        messages: [{ role: 'user', content: 'Weather?' }],
        tools,
      });
      expect(completion.choices[0]).toMatchObject({
        finish_reason: 'tool_calls',
        message: { role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      });
    });

    it('refuses tools and tool results it cannot take, with nothing stored', async () => {
      const bob = await signUpUser(context.server.url);
      const client = new OpenAI({ baseURL: `${context.server.url}/v1`, apiKey: bob.client.token!, maxRetries: 0 });
      const model = `openai:${scenario('oa-client-tools-bad')}`;
      const user: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Weather?' };
      const call = { id: 'call_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{}' } };
      const bad = [
        { model, messages: [user], tools: [{ type: 'function' as const, function: { name: 'has spaces' } }] },
        { model, messages: [user], tools: [tools[0]!, tools[0]!] },
        { model, messages: [user], tools, tool_choice: 'required' as const },
        { model, messages: [user, { role: 'tool' as const, tool_call_id: 'call_1', content: 'x' }] },
        { model, messages: [user, { role: 'assistant' as const, tool_calls: [call] }, { role: 'user' as const, content: 'And?' }] },
        { model, messages: [user, { role: 'assistant' as const, tool_calls: [call] }, { role: 'tool' as const, tool_call_id: 'call_2', content: 'x' }] },
      ];
      for (const body of bad) await expect(client.chat.completions.create(body)).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
      expect((await bob.client.get('/api/chats')).body.chats).toEqual([]);
    });
  });

  it('a failed reply is an error in OpenAI’s shape, streamed or not', async () => {
    const plain = openai().chat.completions.create({ model: 'openai:oa-fail?fault=500', messages: [{ role: 'user', content: 'x' }] });
    await expect(plain).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const stream = await openai().chat.completions.create({
      model: 'openai:oa-fail-stream?fault=500',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    await expect(async () => {
      for await (const _ of stream);
    }).rejects.toBeInstanceOf(OpenAI.APIError);
  });

  it('bad input and a bad key answer OpenAI’s error shape, with nothing stored', async () => {
    const bob = await signUpUser(context.server.url);
    const client = new OpenAI({ baseURL: `${context.server.url}/v1`, apiKey: bob.client.token!, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'openai:x', messages: [] })).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    await expect(client.chat.completions.create({ model: 'openai:x', messages: [{ role: 'assistant', content: 'hi' }] })).rejects.toMatchObject({
      status: 400,
    });
    await expect(client.chat.completions.create({ model: 'nowhere:x', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
    expect((await bob.client.get('/api/chats')).body.chats).toEqual([]);
    const stranger = new OpenAI({ baseURL: `${context.server.url}/v1`, apiKey: 'not-a-token', maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toMatchObject({ status: 401, type: 'authentication_error' });
  });
});
