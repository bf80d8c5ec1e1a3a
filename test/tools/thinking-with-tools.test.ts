import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReasoning } from '../../src/testing/fake-provider/server.ts';
import type { RecordedRequest } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { startHttpOrdersServer, type HttpOrdersServer } from '../support/mcp/http-orders-server.ts';
import { requestsFor } from '../support/sent-conversation.ts';
import { openEventStream } from '../support/sse-client.ts';

/** USD per million tokens, every kind of input its own price. */
const price = { input: 2, cachedInput: 0.5, cacheWrite: 2.5, output: 8 };

let mcp: HttpOrdersServer;
let server: HotlineUnderTest;
beforeAll(async () => {
  mcp = await startHttpOrdersServer();
  server = await startHotline({
    HOTLINE_RATE_LIMITS: 'off',
    HOTLINE_ANTHROPIC_THINKING_BUDGET: '2048',
    HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { orders: { url: mcp.url, requireApproval: ['refund_order'] } } }),
    HOTLINE_PRICES: JSON.stringify({ 'anthropic:thinks': price }),
  });
});
afterAll(() => Promise.all([server.close(), mcp.close()]));

const call = (name: string, args: unknown) => `tool=${name}&args=${encodeURIComponent(JSON.stringify(args))}`;
type Block = { type: string; thinking?: string; signature?: string };
const messagesOf = (request: RecordedRequest) => (request.body as { messages: Array<{ role: string; content: Block[] | string }> }).messages;

/** Asks a chat on `model` with `tools` one question; returns the reply's stream once it waits or ended. */
async function ask(model: string, tools: string[]) {
  const alice = await new ApiClient(server.url).signUp();
  const chat = await alice.newChat({ model: `anthropic:${model}`, tools });
  const { assistantMessage } = await alice.send(chat.id, 'Go');
  const id = assistantMessage.id as string;
  const stream = await openEventStream(`${server.url}/api/messages/${id}/events`, alice.token!);
  await stream.until((events) => events.some((e) => e.event === 'approval' || e.event === 'done' || e.event === 'error'));
  return { alice, id, stream };
}

/** The assistant turn the continuation handed back: the thinking block it starts with. */
function handedBack(request: RecordedRequest): Block {
  const assistant = messagesOf(request).findLast((m) => m.role === 'assistant')!;
  return (assistant.content as Block[])[0]!;
}

describe('Anthropic extended thinking with tools', () => {
  it('the fake provider refuses a continuation after a tool call that does not hand the thinking back, as Anthropic does', async () => {
    const body = (content: Block[]) => ({
      model: 'refuses?reasoning=3&tokens=2&rate=0',
      stream: true,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', content: [...content, { type: 'tool_use', id: 'toolu_1', name: 'current_time', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '12:00' }] },
      ],
    });
    const send = (content: Block[]) =>
      fetch(`${server.provider.anthropicBaseUrl}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body(content)),
      });
    const dropped = await send([]);
    expect(dropped.status).toBe(400);
    expect(await dropped.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringMatching(/must start with a thinking block/) },
    });
    const forged = await send([{ type: 'thinking', thinking: expectedReasoning(3), signature: 'forged' }]);
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.message).toMatch(/Invalid `signature` in `thinking` block/);
  });

  it('hands the thinking back with its signature in the next step, and the reply goes on', async () => {
    const model = `thinks?reasoning=5&tokens=3&rate=0&${call('current_time', {})}`;
    const { alice, id, stream } = await ask(model, ['current_time']);
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    const [, next] = requestsFor(server.provider, model);
    const { signature } = handedBack(next!);
    expect(handedBack(next!)).toEqual({ type: 'thinking', thinking: expectedReasoning(5), signature: expect.any(String) });
    // The signature is the model's business: the API and the stream show the reasoning alone.
    const stored = (await alice.get(`/api/messages/${id}`)).body;
    expect(stored.parts.map((p: { type: string }) => p.type)).toEqual(['reasoning', 'tool-call', 'reasoning', 'text']);
    expect(stored.parts[0]).toEqual({ type: 'reasoning', text: expectedReasoning(5) });
    expect(JSON.stringify([stored, stream.events])).not.toContain(signature);
  });

  it('hands the thinking back after an approval, from the stored reply, in a new turn of the job', async () => {
    const orderId = `T-${Math.random().toString(36).slice(2, 8)}`;
    const model = `thinks?reasoning=4&tokens=3&rate=0&cached=6&cacheWrite=9&${call('refund_order', { orderId })}`;
    const { alice, id, stream } = await ask(model, ['refund_order']);
    // The turn that called the tool has ended: only the database holds the signature now.
    const waiting = (await server.hotline.messages.findById(id))!;
    expect(waiting.status).toBe('awaiting_approval');
    expect(JSON.parse(waiting.parts!)[0]).toMatchObject({ type: 'reasoning', text: expectedReasoning(4), signature: expect.any(String) });

    const toolCallId = stream.events.find((e) => e.event === 'tool-call')!.data.toolCallId as string;
    expect((await alice.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: true })).status).toBe(202);
    await stream.closed;
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    expect(mcp.calls).toContain(`refund_order ${orderId}`);
    const [, next] = requestsFor(server.provider, model);
    expect(handedBack(next!)).toEqual({ type: 'thinking', thinking: expectedReasoning(4), signature: JSON.parse(waiting.parts!)[0].signature });

    // Both turns' cache reads are shown, and their cache writes priced, though the first turn's came from the database.
    const message = (await alice.get(`/api/messages/${id}`)).body;
    expect(message.usage.cachedInputTokens).toBe(12);
    const { inputTokens, outputTokens } = message.usage;
    const usd = ((inputTokens - 12 - 18) * price.input + 12 * price.cachedInput + 18 * price.cacheWrite + outputTokens * price.output) / 1e6;
    expect(message.cost).toEqual({ usd: expect.closeTo(usd, 10), estimated: false });
  });
});
