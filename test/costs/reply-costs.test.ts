import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpUser, type SignedUp } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { followToEnd, subscribe, untilClosed } from '../support/reply-stream.ts';

/** USD per million tokens, chosen so that every kind of token has its own price. */
const price = { input: 2, cachedInput: 0.5, cacheWrite: 2.5, output: 8, reasoning: 20 };
const priced = ['openai:priced', 'anthropic:priced', 'openai:priced-stop', 'openai:priced-drop', 'openai:priced-stall'];
const prices = JSON.stringify(Object.fromEntries(priced.map((model) => [model, price])));
const tokens = (text: string) => encode(text).length;

let server: HotlineUnderTest;
let alice: SignedUp;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_PRICES: prices, HOTLINE_JOB_TIMEOUT_MS: '1500' });
  alice = await signUpUser(server.url);
});
afterAll(() => server.close());

async function replyTo(model: string, question = 'What does it cost?') {
  const chat = await alice.client.newChat({ model });
  const turn = await alice.client.send(chat.id, question);
  return turn.assistantMessage.id as string;
}

/** The cost Hotline counts for a reply the provider reported no usage for: the prompt (one user turn) and the text. */
const countedUsd = (question: string, content: string) => ((4 + tokens(question)) * price.input + tokens(content) * price.output) / 1e6;

describe('what a reply cost', () => {
  it('a completed reply costs its reported usage at the model’s prices, cached input and reasoning priced apart, and its done event says so', async () => {
    const id = await replyTo('openai:priced?tokens=40&rate=0&cached=3&reasoning=10');
    const stream = await followToEnd(server.url, alice.client, id);
    const message = await alice.client.settled(id);
    const { inputTokens, cachedInputTokens, outputTokens, reasoningTokens } = message.usage;
    expect(outputTokens).toBe(50);
    expect(reasoningTokens).toBe(10);
    expect(cachedInputTokens).toBe(3);
    const usd = ((inputTokens - 3) * price.input + 3 * price.cachedInput + 40 * price.output + 10 * price.reasoning) / 1e6;
    expect(message.cost).toEqual({ usd: expect.closeTo(usd, 10), estimated: false });
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed', cost: message.cost } });
  });

  it('an Anthropic reply is priced from the usage Anthropic reports', async () => {
    const message = await alice.client.settled(await replyTo('anthropic:priced?tokens=12&rate=0'));
    expect(message.status).toBe('completed');
    const usd = (message.usage.inputTokens * price.input + 12 * price.output) / 1e6;
    expect(message.cost).toEqual({ usd: expect.closeTo(usd, 10), estimated: false });
  });

  it('an Anthropic reply prices what it read from and wrote to the prompt cache apart, and shows the reads alone', async () => {
    const id = await replyTo('anthropic:priced?tokens=12&rate=0&cached=5&cacheWrite=7');
    const stream = await followToEnd(server.url, alice.client, id);
    const message = await alice.client.settled(id);
    const { inputTokens } = message.usage;
    expect(message.usage).toEqual({ inputTokens, outputTokens: 12, cachedInputTokens: 5, reasoningTokens: null });
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { usage: message.usage } });
    expect(Object.keys(stream.events.at(-1)!.data.usage).sort()).toEqual(['cachedInputTokens', 'inputTokens', 'outputTokens', 'reasoningTokens']);
    const usd = ((inputTokens - 5 - 7) * price.input + 5 * price.cachedInput + 7 * price.cacheWrite + 12 * price.output) / 1e6;
    expect(message.cost).toEqual({ usd: expect.closeTo(usd, 10), estimated: false });
  });

  it('a stopped reply, which the provider reports no usage for, costs its tokens counted by Hotline, marked estimated', async () => {
    const question = 'Tell me a long story';
    const id = await replyTo('openai:priced-stop?tokens=500&rate=100', question);
    const stream = await subscribe(server.url, alice.client, id);
    await stream.until((events) => events.filter((e) => e.event === 'delta').length >= 5);
    await alice.client.post(`/api/messages/${id}/stop`);
    await untilClosed(stream);
    const message = await alice.client.settled(id);
    expect(message.status).toBe('cancelled');
    expect(message.usage.outputTokens).toBeNull();
    expect(message.cost).toEqual({ usd: expect.closeTo(countedUsd(question, message.content), 10), estimated: true });
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled', cost: message.cost } });
  });

  it('a reply that failed mid-stream costs what it wrote, estimated', async () => {
    const message = await alice.client.settled(await replyTo('openai:priced-drop?tokens=50&rate=0&fault=drop&faultAfter=10'));
    expect(message.status).toBe('failed');
    expect(message.content.length).toBeGreaterThan(0);
    expect(message.cost).toEqual({ usd: expect.closeTo(countedUsd('What does it cost?', message.content), 10), estimated: true });
  });

  it('a reply that timed out costs what it wrote, estimated', async () => {
    const message = await alice.client.settled(await replyTo('openai:priced-stall?tokens=50&rate=0&fault=stall&faultAfter=8'));
    expect(message.status).toBe('failed');
    expect(message.error).toMatch(/longer than/);
    expect(message.cost).toEqual({ usd: expect.closeTo(countedUsd('What does it cost?', message.content), 10), estimated: true });
  });

  it('the cost of finished replies is a Prometheus counter by model', async () => {
    const message = await alice.client.settled(await replyTo('openai:priced?tokens=7&rate=0'));
    // Counted once the job is done with the reply (after its chat's title), a moment after the reply reads as ended.
    const deadline = Date.now() + 10_000;
    let line: string | undefined;
    while (!line && Date.now() < deadline) {
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      line = metrics.split('\n').find((l) => l.startsWith('hotline_cost_usd_total{model="openai:priced?tokens=7&rate=0"}'));
    }
    expect(Number(line?.split(' ')[1])).toBeCloseTo(message.cost.usd, 10);
  });

  it('a model with no price costs null, never a guess', async () => {
    const id = await replyTo('openai:unpriced?tokens=5&rate=0');
    const message = await alice.client.settled(id);
    expect(message.status).toBe('completed');
    expect(message.cost).toBeNull();
  });

  it('a price is found by the model’s id without its ?… suffix; the shipped table prices the well-known models', async () => {
    expect(server.hotline.prices.of('openai:priced?tokens=3')).toEqual(price);
    expect(server.hotline.prices.of('openai:gpt-4o-mini')).toMatchObject({ input: 0.15, output: 0.6 });
    expect(server.hotline.prices.of('anthropic:claude-sonnet-4-5')).toMatchObject({ input: 3, output: 15 });
    expect(server.hotline.prices.of('openai:nobody-knows')).toBeUndefined();
  });
});
