import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReasoning, expectedText } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { openEventStream, type ReceivedEvent } from '../support/sse-client.ts';

let server: HotlineUnderTest;
let viaAiSdk: HotlineUnderTest;
beforeAll(async () => {
  [server, viaAiSdk] = await Promise.all([
    startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MAX_STEPS: '3' }),
    startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_OPENAI_CLIENT: 'ai-sdk' }),
  ]);
});
afterAll(() => Promise.all([server.close(), viaAiSdk.close()]));

const call = (name: string, args: unknown) => `tool=${name}&args=${encodeURIComponent(JSON.stringify(args))}`;

async function reply(on: HotlineUnderTest, model: string, tools = ['current_time', 'knowledge_search']) {
  const alice = await new ApiClient(on.url).signUp();
  const chat = await alice.newChat({ model, tools });
  const { assistantMessage } = await alice.send(chat.id, 'What time is it?');
  const stream = await openEventStream(`${on.url}/api/messages/${assistantMessage.id}/events`, alice.token!);
  await stream.closed;
  return { events: stream.events, stored: (await alice.get(`/api/messages/${assistantMessage.id}`)).body, alice };
}

const named = (events: ReceivedEvent[], name: string) => events.filter((e) => e.event === name);

describe('a model that calls tools', () => {
  const cases = [
    ['OpenAI chat-completions (direct client)', () => server, 'openai', true],
    // The AI SDK's OpenAI client reads no reasoning_content: that case calls the tools without reasoning.
    ['OpenAI chat-completions (AI SDK client)', () => viaAiSdk, 'openai', false],
    ['Anthropic Messages', () => server, 'anthropic', true],
  ] as const;

  for (const [name, on, provider, reasons] of cases) {
    it(`calls two tools in one step, is sent their results and answers with them: ${name}`, async () => {
      const model = `${provider}:t?reasoning=${reasons ? 5 : 0}&tokens=4&rate=0&${call('current_time', { timeZone: 'Europe/Paris' })}&${call('knowledge_search', { query: 'order A-17' })}`;
      const { events, stored } = await reply(on(), model);
      const calls = named(events, 'tool-call');
      const results = named(events, 'tool-result');
      expect(calls.map((e) => e.data)).toEqual([
        { toolCallId: expect.any(String), name: 'current_time', input: { timeZone: 'Europe/Paris' } },
        { toolCallId: expect.any(String), name: 'knowledge_search', input: { query: 'order A-17' } },
      ]);
      expect(results.map((e) => e.data.name).sort()).toEqual(['current_time', 'knowledge_search']);
      expect(results.find((e) => e.data.name === 'current_time')!.data.output).toMatchObject({ timeZone: 'Europe/Paris', utc: expect.any(String) });
      expect(results.find((e) => e.data.name === 'knowledge_search')!.data.output).toEqual({ passages: [] });
      // Every piece of the reply can be resumed from.
      expect([...calls, ...results].every((e) => e.id)).toBe(true);
      // The answer comes after the results, in the same stream, and `done` once at the very end.
      expect(events.findIndex((e) => e.event === 'delta')).toBeGreaterThan(events.indexOf(results.at(-1)!));
      expect(named(events, 'done')).toHaveLength(1);
      expect(stored.status).toBe('completed');
      expect(stored.content).toContain(expectedText(4));
      expect(stored.content).toContain('Tool results: ');
      expect(stored.content).toContain('"timeZone":"Europe/Paris"');
      const shape = stored.parts.map((p: { type: string; state?: string }) => p.type + (p.state ? `:${p.state}` : ''));
      expect(shape).toEqual(reasons ? ['reasoning', 'tool-call:done', 'tool-call:done', 'reasoning', 'text'] : ['tool-call:done', 'tool-call:done', 'text']);
      if (reasons) expect(stored.parts[0].text).toBe(expectedReasoning(5));
      // Two model calls, their usage added up.
      expect(stored.usage.outputTokens).toBe(reasons ? 5 + 2 + 5 + 4 : 2 + 4);
      const metrics = await (await fetch(`${on().url}/metrics`)).text();
      expect(metrics).toMatch(/hotline_tool_calls_total\{source="built-in",outcome="done"\} [1-9]/);
    });
  }

  it('sends the calls and results back in OpenAI’s format', async () => {
    await reply(server, `openai:fmt-openai?tokens=2&rate=0&${call('current_time', {})}`);
    const second = server.provider.requests.filter((r) => r.model.startsWith('fmt-openai') && (r.body as any).tools)[1]!.body as any;
    expect(second.tools.map((t: any) => t.function.name)).toEqual(['current_time', 'knowledge_search']);
    const assistant = second.messages.find((m: any) => m.role === 'assistant');
    expect(assistant.tool_calls[0]).toMatchObject({ type: 'function', function: { name: 'current_time', arguments: '{}' } });
    const tool = second.messages.find((m: any) => m.role === 'tool');
    expect(tool.tool_call_id).toBe(assistant.tool_calls[0].id);
    expect(JSON.parse(tool.content)).toMatchObject({ utc: expect.any(String) });
  });

  it('sends the calls and results back in Anthropic’s format', async () => {
    await reply(server, `anthropic:fmt-anthropic?tokens=2&rate=0&${call('current_time', {})}`);
    const second = server.provider.requests.filter((r) => r.model.startsWith('fmt-anthropic') && (r.body as any).tools)[1]!.body as any;
    expect(second.tools.map((t: any) => t.name)).toEqual(['current_time', 'knowledge_search']);
    const use = second.messages.find((m: any) => m.role === 'assistant').content.find((b: any) => b.type === 'tool_use');
    expect(use).toMatchObject({ name: 'current_time', input: {} });
    const result = second.messages.at(-1).content.find((b: any) => b.type === 'tool_result');
    expect(result.tool_use_id).toBe(use.id);
  });

  it('tells the model of malformed arguments, and the reply goes on', async () => {
    const { events, stored } = await reply(server, `openai:bad?tokens=3&rate=0&badArgs=1&${call('current_time', {})}`);
    const result = named(events, 'tool-result')[0]!;
    expect(result.data.error).toMatch(/not a JSON object/);
    expect(stored.status).toBe('completed');
    expect(stored.parts[0]).toMatchObject({ type: 'tool-call', state: 'failed' });
    expect(stored.content).toContain('Tool results: The arguments were not a JSON object');
  });

  it('tells the model when it calls a tool it was not offered', async () => {
    const { events, stored } = await reply(server, `openai:unoffered?tokens=3&rate=0&${call('current_time', {})}`, ['knowledge_search']);
    expect(named(events, 'tool-result')[0]!.data.error).toBe('There is no tool named current_time in this chat.');
    expect(stored.status).toBe('completed');
  });

  it('makes at most HOTLINE_MAX_STEPS model calls', async () => {
    const { stored } = await reply(server, `openai:loop?tokens=3&rate=0&toolSteps=10&${call('current_time', {})}`);
    // (Its title is written by one more request, without tools.)
    expect(server.provider.requests.filter((r) => r.model.startsWith('loop') && (r.body as any).tools)).toHaveLength(3);
    expect(stored.status).toBe('completed');
    expect(stored.parts.at(-1)).toMatchObject({ type: 'tool-call', state: 'failed', error: 'The reply reached its limit of 3 model calls.' });
  });

  it('shows a newcomer with no key a tool call: the offline model asked the time reasons, calls current_time and answers', async () => {
    const { events, stored } = await reply(server, 'offline', ['current_time']);
    expect(events.map((e) => e.event).filter((name, i, all) => name !== all[i - 1])).toEqual([
      'reasoning',
      'tool-call',
      'tool-result',
      'reasoning',
      'delta',
      'done',
    ]);
    const utc = named(events, 'tool-result')[0]!.data.output.utc as string;
    expect(stored.content).toContain(`It is **${utc.slice(11, 16)} UTC** on ${utc.slice(0, 10)}`);
    expect(stored.parts.map((p: { type: string }) => p.type)).toEqual(['reasoning', 'tool-call', 'reasoning', 'text']);
  });

  it('lists its tools, and refuses a chat naming one it does not have (422)', async () => {
    const alice = await new ApiClient(server.url).signUp();
    const { body } = await alice.get('/api/tools');
    expect(body.tools).toEqual([
      { name: 'current_time', description: expect.any(String), source: 'built-in', requiresApproval: false },
      { name: 'knowledge_search', description: expect.any(String), source: 'built-in', requiresApproval: false },
    ]);
    const refused = await alice.post('/api/chats', { tools: ['current_time', 'rm_rf'] });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'unknown_tool', message: expect.stringContaining('rm_rf') });
    const chat = await alice.newChat({});
    expect(chat.tools).toEqual([]);
    const changed = await alice.request('PATCH', `/api/chats/${chat.id}`, { tools: ['current_time'] });
    expect(changed.body.tools).toEqual(['current_time']);
    expect((await alice.request('PATCH', `/api/chats/${chat.id}`, { tools: ['nope'] })).status).toBe(422);
  });
});
