import { lastAssistantMessageIsCompleteWithApprovalResponses, type UIMessage } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { aiSdkChat, asJson, type StreamWatch } from '../support/ai-sdk-chat.ts';
import type { HotlineUnderTest } from '../support/hotline-under-test.ts';
import { startHotlineWithOrders } from '../support/hotline-with-orders.ts';
import type { HttpOrdersServer } from '../support/mcp/http-orders-server.ts';

let mcp: HttpOrdersServer;
let server: HotlineUnderTest;
let close: () => Promise<void>;
let alice: ApiClient;
beforeAll(async () => {
  ({ server, mcp, close } = await startHotlineWithOrders({ HOTLINE_PRICES: JSON.stringify({ 'openai:aisdk-tools': { input: 1, output: 2 } }) }));
  alice = await new ApiClient(server.url).signUp();
});
afterAll(() => close());

const call = (name: string, args: unknown) => `tool=${name}&args=${encodeURIComponent(JSON.stringify(args))}`;
const refunds = (orderId: string) => mcp.calls.filter((line) => line === `refund_order ${orderId}`).length;

async function storedMessages(client: ApiClient, chatId: string): Promise<UIMessage[]> {
  const response = await client.get(`/api/ai-sdk/chat/${chatId}/messages`);
  expect(response.status).toBe(200);
  return response.body.messages;
}

/** The chunks a client received, by type. */
const chunksOf = (watch: StreamWatch) => watch.events.filter((e) => e.startsWith('id: ')).map((e) => JSON.parse(/^data: (.*)$/m.exec(e)![1]!));
/** The number an SSE id names (its part after the message's tag). */
const numberOf = (event: string) => parseInt(/^id: [0-9a-z]{4}-([0-9a-z]+)$/m.exec(event)![1]!, 36);
const toolParts = (message: UIMessage) => message.parts.filter((part) => part.type === 'dynamic-tool');

describe('tool calls in the AI SDK UI message stream', () => {
  it('are dynamic tool parts with their outputs, a step per model call, assembled exactly across cuts as the stored message has them', async () => {
    const model = `openai:aisdk-tools?reasoning=5&tokens=40&rate=300&${call('current_time', { timeZone: 'Europe/Paris' })}&${call('lookup_order', { orderId: 'A-17' })}`;
    const chat = await alice.newChat({ model, tools: ['current_time', 'lookup_order'] });
    const { chat: useChat, watch, errors } = aiSdkChat(server.url, alice.token!, { id: chat.id, exact: true });
    // Cut again and again, inside the reasoning, between the calls and results, and in the text: each resume goes on from the last id.
    watch.cutNextAfter(4);
    await useChat.sendMessage({ text: 'What time is it, and where is my order?' });
    let connections = 1;
    while (useChat.status !== 'ready') {
      expect(errors.at(-1)).toBeInstanceOf(TypeError);
      watch.cutNextAfter(3 + (connections % 4));
      await useChat.resumeStream();
      if (++connections > 100) throw new Error('never finished');
    }
    expect(connections).toBeGreaterThan(3);

    const [, stored] = await storedMessages(alice, chat.id);
    expect(asJson(useChat.messages.at(-1))).toEqual(stored);
    expect(stored!.parts.map((part) => part.type)).toEqual(['step-start', 'reasoning', 'dynamic-tool', 'dynamic-tool', 'step-start', 'reasoning', 'text']);
    const [time, order] = toolParts(stored!);
    expect(time).toMatchObject({
      toolName: 'current_time',
      state: 'output-available',
      input: { timeZone: 'Europe/Paris' },
      output: { timeZone: 'Europe/Paris' },
    });
    expect(order).toMatchObject({
      toolName: 'lookup_order',
      state: 'output-available',
      input: { orderId: 'A-17' },
      output: { orderId: 'A-17', status: 'shipped' },
    });
    const api = (await alice.get(`/api/messages/${stored!.id}`)).body;
    expect(toolParts(stored!).map((part) => part.toolCallId)).toEqual(
      api.parts.filter((p: { type: string }) => p.type === 'tool-call').map((p: { toolCallId: string }) => p.toolCallId),
    );
    // The message's metadata is the reply's usage and real cost, as the JSON API has them.
    expect(api.cost).toEqual({ usd: expect.any(Number), estimated: false });
    expect(stored!.metadata).toEqual({ usage: api.usage, cost: api.cost });
    // Each chunk was received once: every number is new, and there is one end.
    const numbers = watch.events.filter((e) => e.startsWith('id: ')).map(numberOf);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(chunksOf(watch).filter((chunk) => chunk.type === 'finish')).toHaveLength(1);
  });

  it('shows a tool’s failure as an output error, and the model goes on', async () => {
    const model = `openai:aisdk-tool-error?tokens=3&rate=0&${call('current_time', {})}`;
    const chat = await alice.newChat({ model, tools: ['lookup_order'] });
    const { chat: useChat } = aiSdkChat(server.url, alice.token!, { id: chat.id });
    await useChat.sendMessage({ text: 'What time is it?' });
    const reply = useChat.messages.at(-1)!;
    expect(toolParts(reply)).toEqual([
      expect.objectContaining({ toolName: 'current_time', state: 'output-error', errorText: 'There is no tool named current_time in this chat.' }),
    ]);
    expect(reply.parts.at(-1)).toMatchObject({ type: 'text', state: 'done' });
    expect(asJson(reply)).toEqual((await storedMessages(alice, chat.id))[1]);
  });
});

describe('a tool call that needs approval, the AI SDK way', () => {
  /** A useChat that sends the user's decisions as soon as every waiting call has one, as the AI SDK's docs set it up. */
  async function waitingChat() {
    const orderId = `R-${Math.random().toString(36).slice(2, 8)}`;
    const chat = await alice.newChat({ model: `openai:aisdk-approve?tokens=30&rate=300&${call('refund_order', { orderId })}`, tools: ['refund_order'] });
    const client = aiSdkChat(server.url, alice.token!, {
      id: chat.id,
      exact: true,
      sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    });
    await client.chat.sendMessage({ text: 'Refund my order' });
    return { ...client, orderId, chatId: chat.id as string };
  }

  const finished = (messages: UIMessage[]) => messages.at(-1)!.parts.some((part) => part.type === 'text' && part.state === 'done');
  /** The approving client's own mark of its decision, which no stream carries: without it, its message is what any reader assembles. */
  const withoutOwnDecision = (message: UIMessage) =>
    asJson({ ...message, parts: message.parts.map((part) => (part.type === 'dynamic-tool' ? { ...part, approval: { id: part.approval!.id } } : part)) });

  it('ends the stream at the wait with an approval request; the decision sent with the next request runs the tool once and the reply goes on', async () => {
    const { chat: useChat, watch, errors, orderId, chatId } = await waitingChat();
    expect(errors).toEqual([]);
    expect(useChat.status).toBe('ready');
    const waiting = useChat.messages.at(-1)!;
    const [request] = toolParts(waiting);
    expect(request).toMatchObject({ toolName: 'refund_order', state: 'approval-requested', input: { orderId }, approval: { id: request!.toolCallId } });
    expect(chunksOf(watch).at(-1)).toEqual({ type: 'finish', finishReason: 'tool-calls' });
    expect(watch.events.at(-1)).toBe('data: [DONE]\n\n');
    expect((await alice.get(`/api/messages/${waiting.id}`)).body.status).toBe('awaiting_approval');
    expect(asJson(waiting)).toEqual((await storedMessages(alice, chatId))[1]);
    expect(refunds(orderId)).toBe(0);
    const waitEnded = watch.events.length;

    // The continuation is cut once, and resumed with its last id.
    watch.cutNextAfter(4);
    await useChat.addToolApprovalResponse({ id: request!.approval!.id, approved: true });
    await expect.poll(() => useChat.status).toBe('error');
    await useChat.resumeStream();
    await expect.poll(() => useChat.status === 'ready' && finished(useChat.messages)).toBe(true);

    const [, stored] = await storedMessages(alice, chatId);
    expect(withoutOwnDecision(useChat.messages.at(-1)!)).toEqual(stored);
    expect(toolParts(stored!)).toEqual([
      expect.objectContaining({ state: 'output-available', output: `refunded ${orderId}`, approval: { id: request!.toolCallId } }),
    ]);
    expect(stored!.parts.map((part) => part.type)).toEqual(['step-start', 'dynamic-tool', 'step-start', 'text']);
    expect(refunds(orderId)).toBe(1);
    // The continuation starts right after the last chunk the client had: nothing twice, nothing lost.
    const before = watch.events.slice(0, waitEnded).filter((e) => e.startsWith('id: '));
    const after = watch.events.slice(waitEnded).filter((e) => e.startsWith('id: '));
    expect(numberOf(after[0]!)).toBe(numberOf(before.at(-1)!) + 1);
    expect(chunksOf(watch).filter((chunk) => chunk.type === 'start')).toHaveLength(1);
  });

  it('tells the model the call was denied, and never runs it', async () => {
    const { chat: useChat, orderId, chatId } = await waitingChat();
    const [request] = toolParts(useChat.messages.at(-1)!);
    await useChat.addToolApprovalResponse({ id: request!.approval!.id, approved: false });
    await expect.poll(() => useChat.status === 'ready' && finished(useChat.messages)).toBe(true);
    const [, stored] = await storedMessages(alice, chatId);
    expect(toolParts(stored!)).toEqual([expect.objectContaining({ state: 'output-denied' })]);
    expect(withoutOwnDecision(useChat.messages.at(-1)!)).toEqual(stored);
    expect(refunds(orderId)).toBe(0);
  });

  it('shows the wait to a page that reloads while it lasts, from the reply’s start', async () => {
    const { chat: useChat, chatId } = await waitingChat();
    const reloaded = aiSdkChat(server.url, alice.token!, { id: chatId, messages: [useChat.messages[0]!] });
    await reloaded.chat.resumeStream();
    expect(reloaded.errors).toEqual([]);
    expect(asJson(reloaded.chat.messages)).toEqual(asJson(useChat.messages));
    expect(toolParts(reloaded.chat.messages.at(-1)!)[0]).toMatchObject({ state: 'approval-requested' });
  });

  it('applies a decision once: the same one sent again is a conflict, and another user’s reply is not found', async () => {
    const { chat: useChat, chatId } = await waitingChat();
    const [request] = toolParts(useChat.messages.at(-1)!);
    const answered = {
      ...useChat.messages.at(-1)!,
      parts: [{ ...request!, state: 'approval-responded', approval: { id: request!.toolCallId, approved: true } }],
    };
    const body = { id: chatId, messages: [...useChat.messages.slice(0, -1), answered], trigger: 'submit-message', messageId: answered.id };

    const bob = await new ApiClient(server.url).signUp();
    const foreign = await bob.post('/api/ai-sdk/chat', body);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');
    expect((await alice.get(`/api/messages/${answered.id}`)).body.status).toBe('awaiting_approval');

    const [first, second] = await Promise.all([
      fetch(`${server.url}/api/ai-sdk/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      fetch(`${server.url}/api/ai-sdk/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const streamed = first.status === 200 ? first : second;
    const conflict = first.status === 200 ? second : first;
    expect((await conflict.json()).error.code).toBe('not_awaiting_approval');
    expect(await streamed.text()).toContain('"type":"tool-output-available"');
    expect((await alice.get(`/api/messages/${answered.id}`)).body.status).toBe('completed');
  });
});
