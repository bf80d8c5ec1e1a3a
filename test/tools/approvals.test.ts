import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireApprovals } from '../../src/replies/expire-approvals.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { startHttpOrdersServer, type HttpOrdersServer } from '../support/mcp/http-orders-server.ts';
import { lastId, openEventStream, type ReceivedEvent } from '../support/sse-client.ts';

const price = { input: 1, output: 2 };
let mcp: HttpOrdersServer;
let server: HotlineUnderTest;
let shortWait: HotlineUnderTest;
beforeAll(async () => {
  mcp = await startHttpOrdersServer();
  const tools = JSON.stringify({ mcpServers: { orders: { url: mcp.url, requireApproval: ['refund_order', 'slow'] } } });
  [server, shortWait] = await Promise.all([
    // Priced, with a budget: a reply that waits holds its first turn's reservation.
    startHotline({
      HOTLINE_RATE_LIMITS: 'off',
      HOTLINE_MCP_SERVERS: tools,
      HOTLINE_PRICES: JSON.stringify({ 'openai:a': price }),
      HOTLINE_BUDGET_USD_PER_MONTH: '100',
    }),
    startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MCP_SERVERS: tools, HOTLINE_APPROVAL_TTL_MS: '150' }),
  ]);
});
afterAll(() => Promise.all([server.close(), shortWait.close(), mcp.close()]));

const refund = (orderId: string) => `tool=refund_order&args=${encodeURIComponent(JSON.stringify({ orderId }))}`;
const events = (all: ReceivedEvent[], name: string) => all.filter((e) => e.event === name);
const refunds = (orderId: string) => mcp.calls.filter((line) => line === `refund_order ${orderId}`).length;

/** A reply that called refund_order and now waits for the user, with a stream open on it. */
async function waitingReply(on = server) {
  const orderId = `R-${Math.random().toString(36).slice(2, 8)}`;
  const alice = await new ApiClient(on.url).signUp();
  const chat = await alice.newChat({ model: `openai:a?tokens=3&rate=0&${refund(orderId)}`, tools: ['refund_order', 'current_time'] });
  const { assistantMessage } = await alice.send(chat.id, 'Refund my order');
  const id = assistantMessage.id as string;
  const stream = await openEventStream(`${on.url}/api/messages/${id}/events`, alice.token!);
  await stream.until((all) => all.some((e) => e.event === 'approval'));
  const toolCallId = events(stream.events, 'tool-call')[0]!.data.toolCallId as string;
  return { alice, id, stream, toolCallId, orderId, chatId: chat.id as string };
}

describe('a tool call that needs approval', () => {
  it('waits, without a job, for the decision: the message is awaiting_approval and every reader is told', async () => {
    const { alice, id, stream, toolCallId, orderId, chatId } = await waitingReply();
    expect(events(stream.events, 'approval')[0]!.data).toEqual({ toolCallId, name: 'refund_order', input: { orderId } });
    const message = (await alice.get(`/api/messages/${id}`)).body;
    expect(message.status).toBe('awaiting_approval');
    expect(message.parts).toEqual([{ type: 'tool-call', toolCallId, name: 'refund_order', input: { orderId }, state: 'awaiting_approval' }]);
    // The tool has not run; the chat is busy until the reply ends.
    expect(refunds(orderId)).toBe(0);
    expect((await alice.post(`/api/chats/${chatId}/messages`, { content: 'And?' })).status).toBe(409);
    // A second reader, and one resuming from the call's own id, are told too (state, sent on every connection).
    const second = await openEventStream(`${server.url}/api/messages/${id}/events`, alice.token!, { lastEventId: lastId(stream.events)! });
    await second.until((all) => all.some((e) => e.event === 'approval'));
    expect(events(second.events, 'tool-call')).toHaveLength(0);
    second.cut();
    stream.cut();
  });

  it('runs once approved from another connection, and the reply goes on in the same stream', async () => {
    const { alice, id, stream, toolCallId, orderId } = await waitingReply();
    const elsewhere = new ApiClient(server.url, alice.token);
    const decided = await elsewhere.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: true });
    expect(decided.status).toBe(202);
    expect(decided.body.assistantMessage.id).toBe(id);
    await stream.closed;
    expect(events(stream.events, 'tool-result')[0]!.data).toEqual({ toolCallId, name: 'refund_order', output: `refunded ${orderId}` });
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    const message = (await alice.get(`/api/messages/${id}`)).body;
    expect(message.parts[0]).toMatchObject({ state: 'done', output: `refunded ${orderId}` });
    expect(message.content).toContain(`Tool results: refunded ${orderId}`);
    expect(refunds(orderId)).toBe(1);
  });

  it('tells the model it was denied, and never runs it', async () => {
    const { alice, id, stream, toolCallId, orderId } = await waitingReply();
    expect((await alice.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: false })).status).toBe(202);
    await stream.closed;
    expect(events(stream.events, 'tool-result')[0]!.data).toEqual({ toolCallId, name: 'refund_order', error: 'denied' });
    const message = (await alice.get(`/api/messages/${id}`)).body;
    expect(message.parts[0]).toMatchObject({ state: 'denied', error: 'denied' });
    expect(message.content).toContain('Tool results: The user denied this tool call.');
    expect(refunds(orderId)).toBe(0);
  });

  it('stops telling readers of the wait once the call is decided, while the tool still runs', async () => {
    const alice = await new ApiClient(server.url).signUp();
    const chat = await alice.newChat({ model: `openai:slow-approved?tokens=3&rate=0&tool=slow&args=${encodeURIComponent('{"ms":60000}')}`, tools: ['slow'] });
    const { assistantMessage } = await alice.send(chat.id, 'Take your time');
    const first = await openEventStream(`${server.url}/api/messages/${assistantMessage.id}/events`, alice.token!);
    await first.until((all) => all.some((e) => e.event === 'approval'));
    const toolCallId = events(first.events, 'tool-call')[0]!.data.toolCallId as string;
    first.cut();
    const started = mcp.calls.filter((line) => line === 'slow started').length;
    expect((await alice.post(`/api/messages/${assistantMessage.id}/tool-calls/${toolCallId}`, { approved: true })).status).toBe(202);
    await expect.poll(() => mcp.calls.filter((line) => line === 'slow started').length).toBe(started + 1);

    // A reader that comes while the approved tool runs is shown the call, not a wait for a decision already made.
    const later = await openEventStream(`${server.url}/api/messages/${assistantMessage.id}/events`, alice.token!);
    await later.until((all) => all.some((e) => e.event === 'tool-call'));
    expect((await alice.post(`/api/messages/${assistantMessage.id}/stop`)).status).toBe(202);
    await later.closed;
    expect(events(later.events, 'approval')).toEqual([]);
    expect(later.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled' } });
  });

  it('runs the tool once when two approvals arrive at once: one is taken, the other is a conflict', async () => {
    const { alice, id, stream, toolCallId, orderId } = await waitingReply();
    const statuses = await Promise.all(
      [1, 2, 3].map(() => alice.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: true }).then((r) => r.status)),
    );
    expect(statuses.sort()).toEqual([202, 409, 409]);
    await stream.closed;
    expect(refunds(orderId)).toBe(1);
    expect(events(stream.events, 'tool-result')).toHaveLength(1);
  });

  it('refuses a decision on a call that is not waiting (409), another user’s (404), and a bad body (422)', async () => {
    const { alice, id, stream, toolCallId } = await waitingReply();
    const bob = await new ApiClient(server.url).signUp();
    expect((await bob.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: true })).status).toBe(404);
    expect((await alice.post(`/api/messages/${id}/tool-calls/call_nope`, { approved: true })).status).toBe(409);
    expect((await alice.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: 'yes' })).status).toBe(422);
    expect((await alice.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: true })).status).toBe(202);
    await stream.closed;
    const again = await alice.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: true });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_awaiting_approval');
  });

  it('counts a decision after HOTLINE_APPROVAL_TTL_MS as a denial', async () => {
    const { alice, id, stream, toolCallId, orderId } = await waitingReply(shortWait);
    // Past the 150 ms the call may wait.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await alice.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: true })).status).toBe(202);
    await stream.closed;
    expect(events(stream.events, 'tool-result')[0]!.data.error).toBe('denied');
    expect(refunds(orderId)).toBe(0);
  });

  it('goes on, denied, when nobody decides within HOTLINE_APPROVAL_TTL_MS (the sweep ends the wait)', async () => {
    const { stream, orderId } = await waitingReply(shortWait);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expireApprovals(shortWait.hotline);
    await stream.closed;
    expect(events(stream.events, 'tool-result')[0]!.data.error).toBe('denied');
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    expect(refunds(orderId)).toBe(0);
  });

  it('ends cancelled when stopped while it waits', async () => {
    const { alice, id, stream } = await waitingReply();
    expect((await alice.post(`/api/messages/${id}/stop`)).status).toBe(202);
    await stream.closed;
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled' } });
    const stopped = (await alice.get(`/api/messages/${id}`)).body;
    expect(stopped.status).toBe('cancelled');
    // It costs its first turn, as the provider reported it, and what that turn reserved of the budget is settled to that.
    const { inputTokens, outputTokens } = stopped.usage;
    expect(outputTokens).toBeGreaterThan(0);
    expect(stopped.cost).toEqual({ usd: expect.closeTo((inputTokens * price.input + outputTokens * price.output) / 1e6, 10), estimated: false });
    const row = await server.hotline.db.kysely
      .selectFrom('messages')
      .select(['user_id', 'created_at', 'budget_reserved_usd'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.budget_reserved_usd).toBe(0);
    expect(await server.hotline.budgets.ledger.spent(row.user_id, row.created_at.slice(0, 7))).toBeCloseTo(stopped.cost.usd, 10);
  });
});
