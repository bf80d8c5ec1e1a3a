import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import { monthOf } from '../../src/costs/spending-ledger.ts';
import { signUpUser, type SignedUp } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { followToEnd, subscribe, untilClosed } from '../support/reply-stream.ts';
import { budgetPrices, largestPieceUsd, outputUsdPerToken } from './budget-support.ts';

const budget = 0.05;
let server: HotlineUnderTest;
beforeAll(async () => {
  server = await startHotline({
    HOTLINE_RATE_LIMITS: 'off',
    HOTLINE_PRICES: JSON.stringify({
      ...JSON.parse(budgetPrices(['openai:budget', 'openai:budget-race', 'openai:budget-crossed', 'openai:budget-deleted'])),
      'openai:budget-prompt': { input: 1e6, output: 1 },
    }),
    HOTLINE_BUDGET_USD_PER_MONTH: String(budget),
  });
});
afterAll(() => server.close());

const spentThisMonth = (who: SignedUp) => server.hotline.budgets.ledger.spent(who.user.id, monthOf(new Date().toISOString()));

describe('budgets', () => {
  it('a user at their budget gets 402 budget_exhausted on a new message, a retry and an edit, and nothing is stored', async () => {
    const carol = await signUpUser(server.url);
    const chat = await carol.client.newChat({ model: 'openai:budget?tokens=3&rate=0' });
    const first = await carol.client.send(chat.id, 'Before the budget ran out');
    await carol.client.settled(first.assistantMessage.id);
    expect(await server.hotline.budgets.setUserBudget(carol.email, 0)).toBe(true);

    const refused = await carol.client.post(`/api/chats/${chat.id}/messages`, { content: 'One more' });
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('budget_exhausted');
    expect((await carol.client.post(`/api/messages/${first.assistantMessage.id}/retry`)).status).toBe(402);
    expect((await carol.client.post(`/api/messages/${first.userMessage.id}/edit`, { content: 'Again' })).status).toBe(402);
    const stored = await server.hotline.messages.listForChat(chat.id);
    expect(stored.map((m) => m.id)).toEqual([first.userMessage.id, first.assistantMessage.id]);
  });

  it('a reply that crosses the budget while it streams is stopped upstream there, and ends cancelled with finishReason "budget", keeping its text', async () => {
    const dave = await signUpUser(server.url);
    const chat = await dave.client.newChat({ model: 'openai:budget-crossed?tokens=500&rate=200' });
    const { assistantMessage } = await dave.client.send(chat.id, 'Write at length');
    const stream = await followToEnd(server.url, dave.client, assistantMessage.id);
    const abort = await server.provider.waitForAbort((a) => a.model.startsWith('budget-crossed'));
    expect(abort.tokensSent).toBeLessThan(500);

    const message = await dave.client.settled(assistantMessage.id);
    expect(message).toMatchObject({ status: 'cancelled', finishReason: 'budget' });
    expect(message.content.length).toBeGreaterThan(0);
    expect(expectedText(500).startsWith(message.content)).toBe(true);
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled', finishReason: 'budget' } });
    expect(message.cost.usd).toBeGreaterThan(budget - 2 * largestPieceUsd);
    expect(message.cost.usd).toBeLessThanOrEqual(budget + largestPieceUsd);
    expect(await spentThisMonth(dave)).toBeCloseTo(message.cost.usd, 10);
  });

  it('a reply whose prompt alone would cross the budget is never sent to the model, and costs nothing', async () => {
    const frank = await signUpUser(server.url);
    const chat = await frank.client.newChat({ model: 'openai:budget-prompt?tokens=5&rate=0' });
    const { assistantMessage } = await frank.client.send(chat.id, 'A question of a dollar a token, which is more than the whole budget');
    const message = await frank.client.settled(assistantMessage.id);
    expect(message).toMatchObject({ status: 'cancelled', finishReason: 'budget', content: '', cost: { usd: 0, estimated: false } });
    expect(server.provider.requests.some((r) => r.model.startsWith('budget-prompt'))).toBe(false);
    expect(await spentThisMonth(frank)).toBe(0);
  });

  it('ten replies of one user streaming at once spend no more than the budget and one piece of text', async () => {
    const erin = await signUpUser(server.url);
    // Room for every reply to start streaming before the budget runs out: the race is over its last cents.
    const erinsBudget = 0.5;
    await server.hotline.budgets.setUserBudget(erin.email, erinsBudget);
    const chats = await Promise.all(Array.from({ length: 10 }, () => erin.client.newChat({ model: 'openai:budget-race?tokens=400&rate=20' })));
    const turns = await Promise.all(chats.map((chat) => erin.client.send(chat.id, 'All at once')));
    const replies = await Promise.all(turns.map((turn) => erin.client.settled(turn.assistantMessage.id, 20_000)));

    expect(replies.every((reply) => reply.status === 'cancelled' && reply.finishReason === 'budget')).toBe(true);
    const costs = replies.reduce((sum, reply) => sum + reply.cost.usd, 0);
    const spent = await spentThisMonth(erin);
    expect(spent).toBeCloseTo(costs, 10);
    expect(spent).toBeLessThanOrEqual(erinsBudget + largestPieceUsd);
    console.log(
      `ten replies at once, one process: spent $${spent.toFixed(4)} of $${erinsBudget} (past it by $${(spent - erinsBudget).toFixed(4)}; one piece is at most $${largestPieceUsd})`,
    );
  });

  it('a reply whose chat is deleted while it streams gives back what it held of the budget: its reservation is settled to what it cost', async () => {
    const erin = await signUpUser(server.url);
    // A budget large enough for whole blocks of output (128 tokens) to be reserved ahead of the text.
    await server.hotline.budgets.setUserBudget(erin.email, 10);
    const chat = await erin.client.newChat({ model: 'openai:budget-deleted?tokens=500&rate=50', title: 'Deleted mid-reply' });
    const { assistantMessage } = await erin.client.send(chat.id, 'Write at length');
    const stream = await subscribe(server.url, erin.client, assistantMessage.id);
    await stream.until((events) => events.filter((e) => e.event === 'delta').length >= 5);
    expect(await spentThisMonth(erin)).toBeGreaterThanOrEqual(0.128);

    expect((await erin.client.delete(`/api/chats/${chat.id}`)).status).toBe(204);
    await untilClosed(stream);
    await server.provider.waitForAbort((a) => a.model.startsWith('budget-deleted'));
    const done = stream.events.at(-1)!;
    expect(done).toMatchObject({ event: 'done', data: { status: 'cancelled', cost: { estimated: true } } });
    const text = stream.events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('');
    // What it wrote, counted (the pieces read after the deletion are never relayed, nor charged).
    expect(done.data.cost.usd).toBeCloseTo(encode(text).length * outputUsdPerToken, 8);
    expect(await spentThisMonth(erin)).toBeCloseTo(done.data.cost.usd, 8);
    // The job, which hears of the deletion last, takes nothing more: its ending comes second, and changes nothing.
    const superseded = async () => (await server.hotline.metrics.generations.get()).values.find((v) => v.labels.outcome === 'superseded')?.value ?? 0;
    await expect.poll(superseded, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(await spentThisMonth(erin)).toBeCloseTo(done.data.cost.usd, 8);
  });
});
