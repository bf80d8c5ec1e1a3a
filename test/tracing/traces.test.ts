import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../src/testing/otlp-receiver.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { startHttpOrdersServer, type HttpOrdersServer } from '../support/mcp/http-orders-server.ts';
import { openEventStream } from '../support/sse-client.ts';

let receiver: OtlpReceiver;
let mcp: HttpOrdersServer;
let server: HotlineUnderTest;
let alice: ApiClient;
beforeAll(async () => {
  [receiver, mcp] = await Promise.all([startOtlpReceiver(), startHttpOrdersServer()]);
  server = await startHotline({
    HOTLINE_RATE_LIMITS: 'off',
    HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { orders: { url: mcp.url, requireApproval: ['refund_order'] } } }),
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '20',
  });
  alice = await new ApiClient(server.url).signUp();
});
afterAll(async () => {
  await server?.close();
  await Promise.all([receiver?.close(), mcp?.close()]);
});

const call = (name: string, args: unknown) => `tool=${name}&args=${encodeURIComponent(JSON.stringify(args))}`;
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

/** Sends a question (with these headers), waits for its reply to end, and returns the reply and its generation span. */
async function traced(chatFields: Record<string, unknown>, headers: Record<string, string> = {}) {
  const chat = await alice.newChat(chatFields);
  const sent = await alice.request('POST', `/api/chats/${chat.id}/messages`, { content: 'What time is it in Paris?' }, headers);
  expect(sent.status).toBe(202);
  const reply = await alice.settled(sent.body.assistantMessage.id);
  const generation = await receiver.waitForSpan((span) => span.attributes['hotline.message.id'] === reply.id);
  return { chat, reply, generation };
}

const childrenOf = (parent: ReceivedSpan) => receiver.spans.filter((span) => span.parentSpanId === parent.spanId && span.traceId === parent.traceId);

describe('traces exported by OTLP', () => {
  it('show a generation as a GenAI chat span, under the request that asked for it', async () => {
    const { chat, reply, generation } = await traced({ model: 'openai:traced?tokens=6&rate=0&cached=2' });
    expect(reply.status).toBe('completed');
    expect(generation.name).toBe('chat traced?tokens=6&rate=0&cached=2');
    expect(generation.kind).toBe(CLIENT);
    expect(generation.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'traced?tokens=6&rate=0&cached=2',
      'gen_ai.conversation.id': chat.id,
      'gen_ai.usage.input_tokens': reply.usage.inputTokens,
      'gen_ai.usage.output_tokens': reply.usage.outputTokens,
      'gen_ai.usage.cache_read.input_tokens': 2,
      'gen_ai.response.finish_reasons': [reply.finishReason],
      'hotline.reply.status': 'completed',
    });
    expect(reply.usage.outputTokens).toBeGreaterThan(0);
    // Time to first token: an attribute, in seconds, and an event at that moment.
    const ttft = generation.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttft).toBeGreaterThan(0);
    const firstToken = generation.events.find((event) => event.name === 'first token')!;
    expect(BigInt(firstToken.timeUnixNano)).toBeGreaterThan(BigInt(generation.startTimeUnixNano));

    const request = await receiver.waitForSpan((span) => span.spanId === generation.parentSpanId);
    expect(request).toMatchObject({ name: 'POST /api/chats/:id/messages', kind: SERVER, traceId: generation.traceId });
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/chats/:id/messages',
      'url.path': `/api/chats/${chat.id}/messages`,
      'http.response.status_code': 202,
    });
    expect(request.resource).toMatchObject({ 'service.name': 'hotline', 'hotline.role': 'all' });
  });

  it('show each tool call as an execute_tool span under the generation, a failed call failed', async () => {
    const model = `openai:tools?tokens=3&rate=0&${call('current_time', { timeZone: 'Europe/Paris' })}&${call('current_time', { timeZone: 42 })}`;
    const { reply, generation } = await traced({ model, tools: ['current_time'] });
    expect(reply.status).toBe('completed');
    const calls = reply.parts.filter((part: { type: string }) => part.type === 'tool-call');
    expect(calls).toHaveLength(2);
    const tools = await Promise.all(
      calls.map((part: { toolCallId: string }) => receiver.waitForSpan((span) => span.attributes['gen_ai.tool.call.id'] === part.toolCallId)),
    );
    for (const [i, span] of tools.entries()) {
      expect(span).toMatchObject({ name: 'execute_tool current_time', traceId: generation.traceId, parentSpanId: generation.spanId });
      expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'current_time', 'hotline.tool.source': 'built-in' });
      expect(span.status.code === ERROR).toBe(calls[i].state === 'failed');
    }
    expect(tools[1]!.attributes['error.type']).toBe('tool_error');
    expect(childrenOf(generation).filter((span) => span.name.startsWith('execute_tool'))).toHaveLength(2);
  });

  it('show the knowledge base search as a retrieval span under the generation', async () => {
    await alice.post('/api/documents', { title: 'Opening hours', text: 'The Paris office opens at nine and closes at six.' });
    const { reply, generation } = await traced({ model: 'openai:grounded?tokens=3&rate=0', knowledgeBase: true });
    expect(reply.sources).toHaveLength(1);
    const search = await receiver.waitForSpan((span) => span.parentSpanId === generation.spanId && span.name === 'retrieval knowledge_base');
    expect(search.attributes).toMatchObject({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'knowledge_base',
      'hotline.knowledge.passages': 1,
    });
  });

  it('continue the trace a client sent in its traceparent header', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const { generation } = await traced({ model: 'openai:continued?tokens=2&rate=0' }, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(generation.traceId).toBe(traceId);
    const request = await receiver.waitForSpan((span) => span.spanId === generation.parentSpanId);
    expect(request).toMatchObject({ traceId, parentSpanId: '00f067aa0ba902b7' });
  });

  it('mark a failed generation as an error, with the reason its reader was given', async () => {
    const { reply, generation } = await traced({ model: 'openai:broken?fault=500' });
    expect(reply.status).toBe('failed');
    expect(generation.status).toEqual({ code: ERROR, message: reply.error });
    expect(generation.attributes).toMatchObject({ 'hotline.reply.status': 'failed', 'hotline.provider.attempts': 3, 'error.type': 'generation_failed' });
    expect(generation.events.filter((event) => event.name === 'retry').map((event) => event.attributes['hotline.provider.attempt'])).toEqual([2, 3]);
  });

  it('go on, after an approval, in the trace of the request that decided', async () => {
    const { reply: waiting, generation: first } = await traced({
      model: `openai:approved?tokens=2&rate=0&${call('refund_order', { orderId: 'T-1' })}`,
      tools: ['refund_order'],
    });
    expect(waiting.status).toBe('awaiting_approval');
    expect(first.attributes['hotline.reply.status']).toBe('awaiting_approval');
    const toolCallId = waiting.parts[0].toolCallId as string;
    expect((await alice.post(`/api/messages/${waiting.id}/tool-calls/${toolCallId}`, { approved: true })).status).toBe(202);
    expect((await alice.settled(waiting.id)).status).toBe('completed');

    const second = await receiver.waitForSpan(
      (span) => span.attributes['hotline.message.id'] === waiting.id && span.attributes['hotline.reply.status'] === 'completed',
    );
    const decision = await receiver.waitForSpan((span) => span.spanId === second.parentSpanId);
    expect(decision).toMatchObject({ name: 'POST /api/messages/:id/tool-calls/:toolCallId', traceId: second.traceId });
    expect(second.traceId).not.toBe(first.traceId);
    const refund = await receiver.waitForSpan((span) => span.parentSpanId === second.spanId);
    expect(refund).toMatchObject({ name: 'execute_tool refund_order', attributes: { 'gen_ai.tool.call.id': toolCallId, 'hotline.tool.source': 'orders' } });
  });

  it('end an event stream’s request span when the stream ends', async () => {
    const chat = await alice.newChat({ model: 'openai:streamed?tokens=3&rate=0' });
    const { assistantMessage } = await alice.send(chat.id, 'Hello');
    const stream = await openEventStream(`${server.url}/api/messages/${assistantMessage.id}/events`, alice.token!);
    await stream.closed;
    const span = await receiver.waitForSpan((s) => s.attributes['url.path'] === `/api/messages/${assistantMessage.id}/events`);
    expect(span).toMatchObject({ name: 'GET /api/messages/:id/events', kind: SERVER, attributes: { 'http.response.status_code': 200 } });
  });
});
