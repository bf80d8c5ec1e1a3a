import OpenAI from 'openai';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReasoning, expectedText } from '../../src/testing/fake-provider/server.ts';
import { signUpUser } from '../support/accounts.ts';
import { ApiClient } from '../support/api-client.ts';
import type { HotlineUnderTest } from '../support/hotline-under-test.ts';
import { startHotlineWithOrders } from '../support/hotline-with-orders.ts';
import { requestsFor, sentTurns } from '../support/sent-conversation.ts';
import { signedInHotline } from '../support/signed-in-hotline.ts';

const context = signedInHotline({ HOTLINE_RATE_LIMITS: 'off' });
const openaiAs = (token: string) => new OpenAI({ baseURL: `${context.server.url}/v1`, apiKey: token, maxRetries: 0 });
const openai = () => openaiAs(context.client.token!);

const terminalTypes = new Set(['response.completed', 'response.incomplete', 'response.failed']);
const textOf = (events: ResponseStreamEvent[]) => events.map((e) => (e.type === 'response.output_text.delta' ? e.delta : '')).join('');

async function waitUntilEnded(id: string) {
  for (;;) {
    const response = await openai().responses.retrieve(id);
    if (response.status !== 'queued' && response.status !== 'in_progress') return response;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the OpenAI Responses API, driven by the openai package', () => {
  it('a response without streaming answers the completed reply, with its usage and a reasoning summary', async () => {
    const response = await openai().responses.create({ model: 'openai:resp-plain?tokens=7&rate=0&reasoning=3', input: 'Hello', instructions: 'Be kind.' });
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe(expectedText(7));
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: expectedReasoning(3) }] });
    expect(response.usage!.output_tokens).toBeGreaterThan(0);
    expect(response.instructions).toBe('Be kind.');
    // Whether it was asked for in the background is not kept: a retrieved response says null.
    expect(await openai().responses.retrieve(response.id)).toEqual({ ...response, background: null });
  });

  it('a background response answers at once, and is retrieved completed later', async () => {
    const created = await openai().responses.create({ model: 'openai:resp-background?tokens=40&rate=200', input: 'Take your time', background: true });
    expect(['queued', 'in_progress']).toContain(created.status);
    expect(created.background).toBe(true);
    const ended = await waitUntilEnded(created.id);
    expect(ended.status).toBe('completed');
    expect(ended.output_text).toBe(expectedText(40));
  });

  it('a stream cut mid-way and resumed with starting_after gives exactly the missing events', async () => {
    const first: ResponseStreamEvent[] = [];
    const stream = await openai().responses.create({
      model: 'openai:resp-cut?tokens=200&rate=300&reasoning=10',
      input: 'A long story',
      background: true,
      stream: true,
    });
    for await (const event of stream) {
      first.push(event);
      if (first.filter((e) => e.type === 'response.output_text.delta').length === 15) break;
    }
    const id = (first[0] as { response: { id: string } }).response.id;
    const cutAt = first.at(-1)!.sequence_number;
    const rest: ResponseStreamEvent[] = [];
    for await (const event of await openai().responses.retrieve(id, { stream: true, starting_after: cutAt })) rest.push(event);

    const all = [...first, ...rest];
    const numbers = all.map((e) => e.sequence_number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(rest[0]!.sequence_number).toBeGreaterThan(cutAt);
    expect(all.filter((e) => terminalTypes.has(e.type)).map((e) => e.type)).toEqual(['response.completed']);
    expect(first.map((e) => e.type)).not.toContain('response.completed');
    const done = await openai().responses.retrieve(id);
    expect(textOf(all)).toBe(done.output_text);
    expect(done.output_text).toBe(expectedText(200));
    // The events of a whole replay after the cut, batched differently, add up to the same text.
    const replay: ResponseStreamEvent[] = [];
    for await (const event of await openai().responses.retrieve(id, { stream: true })) replay.push(event);
    expect(textOf(replay)).toBe(expectedText(200));
    expect(replay.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    expect((replay.at(-1) as { response: { output: unknown } }).response.output).toEqual(done.output);
  });

  it('a reply that calls tools streams its function calls and their outputs as items, resumed exactly with starting_after as the stored response has them', async () => {
    const call = (name: string, args: unknown) => `tool=${name}&args=${encodeURIComponent(JSON.stringify(args))}`;
    const model = `openai:resp-tools?reasoning=3&tokens=60&rate=300&${call('current_time', { timeZone: 'Europe/Paris' })}&${call('knowledge_search', { query: 'A-17' })}`;
    // The chat's tools are chosen in Hotline; previous_response_id goes on in that chat.
    const chat = await context.client.newChat({ model: 'openai:resp-tools-first?tokens=2&rate=0', tools: ['current_time', 'knowledge_search'] });
    const { assistantMessage } = await context.client.send(chat.id, 'Hello');
    await context.client.settled(assistantMessage.id);
    const first: ResponseStreamEvent[] = [];
    const stream = await openai().responses.create({ model, input: 'What time is it?', previous_response_id: `resp_${assistantMessage.id}`, stream: true });
    for await (const event of stream) {
      first.push(event);
      // Cut between the first call's arguments and the rest.
      if (event.type === 'response.function_call_arguments.delta') break;
    }
    const id = (first[0] as { response: { id: string } }).response.id;
    const rest: ResponseStreamEvent[] = [];
    for await (const event of await openai().responses.retrieve(id, { stream: true, starting_after: first.at(-1)!.sequence_number })) rest.push(event);

    const all = [...first, ...rest];
    const numbers = all.map((e) => e.sequence_number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(all.filter((e) => terminalTypes.has(e.type)).map((e) => e.type)).toEqual(['response.completed']);
    const stored = await openai().responses.retrieve(id);
    expect(stored.output.map((item) => item.type)).toEqual([
      'reasoning',
      'function_call',
      'function_call',
      'function_call_output',
      'function_call_output',
      'reasoning',
      'message',
    ]);
    const [time, search] = stored.output.filter((item) => item.type === 'function_call');
    expect(time).toMatchObject({ name: 'current_time', arguments: JSON.stringify({ timeZone: 'Europe/Paris' }), status: 'completed' });
    expect(search).toMatchObject({ name: 'knowledge_search', arguments: JSON.stringify({ query: 'A-17' }) });
    const outputs = stored.output.filter((item) => item.type === 'function_call_output');
    expect(outputs.map((item) => item.call_id).sort()).toEqual([time!.call_id, search!.call_id].sort());
    expect(JSON.parse(outputs.find((item) => item.call_id === search!.call_id)!.output as string)).toEqual({ passages: [] });
    expect(stored.output_text).toContain('Tool results: ');
    expect(stored.tools.map((tool) => (tool as { name: string }).name)).toEqual(['current_time', 'knowledge_search']);
    // The events before the end, applied as the openai package applies them, build exactly the stored output.
    let snapshot: Response | undefined;
    for (const event of all.filter((e) => !terminalTypes.has(e.type))) snapshot = accumulateResponse(event, snapshot);
    expect(snapshot!.output).toEqual(stored.output);
    expect((all.at(-1) as { response: Response }).response.output).toEqual(stored.output);
  });

  it('cancel stops the generation upstream and answers the response, cancelled', async () => {
    const scenario = 'resp-cancel?tokens=3000&rate=200';
    const created = await openai().responses.create({ model: `openai:${scenario}`, input: 'Forever', background: true });
    await expect.poll(async () => (await openai().responses.retrieve(created.id)).output_text.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const cancelled = await openai().responses.cancel(created.id);
    expect(cancelled.status).toBe('cancelled');
    const abort = await context.server.provider.waitForAbort((a) => a.model === scenario);
    expect(abort.tokensSent).toBeLessThan(3000);
    expect((await openai().responses.retrieve(created.id)).status).toBe('cancelled');
    const events: ResponseStreamEvent[] = [];
    for await (const event of await openai().responses.retrieve(created.id, { stream: true })) events.push(event);
    expect(events.filter((e) => terminalTypes.has(e.type))).toEqual([
      expect.objectContaining({ type: 'response.incomplete', response: expect.objectContaining({ status: 'cancelled' }) }),
    ]);
  });

  it('previous_response_id goes on in the same chat, and the model is given the conversation', async () => {
    const model = 'openai:resp-previous?tokens=5&rate=0';
    const first = await openai().responses.create({ model, input: 'My name is Ada' });
    const second = await openai().responses.create({ model, input: 'What is my name?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    const firstMessage = (await context.client.get(`/api/messages/${first.id.slice(5)}`)).body;
    const secondMessage = (await context.client.get(`/api/messages/${second.id.slice(5)}`)).body;
    expect(secondMessage.chatId).toBe(firstMessage.chatId);
    const [, sent] = requestsFor(context.server.provider, 'resp-previous?tokens=5&rate=0');
    expect(sentTurns(sent!).filter((t) => t.role !== 'system')).toEqual([
      { role: 'user', content: 'My name is Ada' },
      { role: 'assistant', content: expectedText(5) },
      { role: 'user', content: 'What is my name?' },
    ]);
  });

  it('another user’s response id is not found on every route, and bad input answers OpenAI’s error with nothing stored', async () => {
    const mine = await openai().responses.create({ model: 'openai:resp-mine?tokens=3&rate=0', input: 'Mine' });
    const bob = await signUpUser(context.server.url);
    const theirs = openaiAs(bob.client.token!);
    await expect(theirs.responses.retrieve(mine.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(theirs.responses.retrieve(mine.id, { stream: true, starting_after: 0 })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(theirs.responses.cancel(mine.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(theirs.responses.create({ model: 'openai:x', input: 'Hi', previous_response_id: mine.id })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(theirs.responses.create({ input: 'no model' } as never)).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    await expect(theirs.responses.create({ model: 'openai:x', input: [] })).rejects.toMatchObject({ status: 400 });
    expect((await bob.client.get('/api/chats')).body.chats).toEqual([]);
    expect((await openai().responses.retrieve(mine.id)).status).toBe('completed');
  });
});

describe('a response whose tool call waits for approval', () => {
  let server: HotlineUnderTest;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ server, close } = await startHotlineWithOrders());
  });
  afterAll(() => close());

  it('is in progress while it waits, its call a function_call item, and completes once the call is approved', async () => {
    const alice = await new ApiClient(server.url).signUp();
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: alice.token!, maxRetries: 0 });
    const chat = await alice.newChat({ model: 'openai:resp-wait-first?tokens=2&rate=0', tools: ['refund_order'] });
    const { assistantMessage } = await alice.send(chat.id, 'Hello');
    await alice.settled(assistantMessage.id);
    const model = `openai:resp-wait?tokens=3&rate=0&tool=refund_order&args=${encodeURIComponent('{"orderId":"Q-1"}')}`;
    const created = await client.responses.create({ model, input: 'Refund Q-1', previous_response_id: `resp_${assistantMessage.id}`, background: true });
    const id = created.id.slice('resp_'.length);
    await expect.poll(async () => (await alice.get(`/api/messages/${id}`)).body.status).toBe('awaiting_approval');

    const waiting = await client.responses.retrieve(created.id);
    expect(waiting.status).toBe('in_progress');
    expect(waiting.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'refund_order', arguments: '{"orderId":"Q-1"}' })]);
    const callId = (waiting.output[0] as { call_id: string }).call_id;
    expect((await alice.post(`/api/messages/${id}/tool-calls/${callId}`, { approved: true })).status).toBe(202);

    const events: ResponseStreamEvent[] = [];
    for await (const event of await client.responses.retrieve(created.id, { stream: true })) events.push(event);
    expect(events.at(-1)).toMatchObject({ type: 'response.completed' });
    const done = await client.responses.retrieve(created.id);
    expect(done.output.map((item) => item.type)).toEqual(['function_call', 'function_call_output', 'message']);
    expect(done.output[1]).toMatchObject({ call_id: callId, output: 'refunded Q-1' });
  });
});
