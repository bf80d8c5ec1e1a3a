import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { signUpUser, type SignedUp } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { openEventStream } from '../support/sse-client.ts';
import { WebClient } from '../web/support/web-client.ts';

const prices = JSON.stringify({ 'openai:usage-a': { input: 1, output: 2 }, 'anthropic:usage-b': { input: 3, output: 4 } });
let server: HotlineUnderTest;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_PRICES: prices, HOTLINE_BUDGET_USD_PER_MONTH: '20' });
});
afterAll(() => server.close());

const today = () => new Date().toISOString().slice(0, 10);

/** A chat made without a title, so that its model writes one after the first reply (a cost of its own). */
async function answered(client: ApiClient, model: string, title?: string) {
  const chat = await client.newChat({ model, ...(title ? { title } : {}) });
  const { assistantMessage } = await client.send(chat.id, 'How much is it?');
  const reply = await client.settled(assistantMessage.id);
  expect(reply.status).toBe('completed');
  return { chat, reply };
}

/** The titles' costs of a user, once the title written after the first reply is in (the reply ends first). */
async function titleCostsOf(userId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = await server.hotline.db.kysely.selectFrom('title_costs').selectAll().where('user_id', '=', userId).execute();
    if (rows.length > 0 || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('what a user spent', () => {
  it('GET /api/usage adds up the month’s replies and chat titles: in total, by model, by day', async () => {
    const alice = await signUpUser(server.url);
    const a = await answered(alice.client, 'openai:usage-a?tokens=10&rate=0', 'Named');
    const b = await answered(alice.client, 'anthropic:usage-b?tokens=20&rate=0');
    // The second chat had no title: its model wrote one, and that call is counted too.
    const titles = await titleCostsOf(alice.user.id);
    expect(titles).toHaveLength(1);
    expect(titles[0]!.usd).toBeGreaterThan(0);

    const { status, body } = await alice.client.get('/api/usage');
    expect(status).toBe(200);
    const total = a.reply.cost.usd + b.reply.cost.usd + titles[0]!.usd!;
    expect(body.usd).toBeCloseTo(total, 8);
    expect(body.inputTokens).toBe(a.reply.usage.inputTokens + b.reply.usage.inputTokens + titles[0]!.input_tokens);
    expect(body.byModel.map((m: { model: string }) => m.model).sort()).toEqual(['anthropic:usage-b?tokens=20&rate=0', 'openai:usage-a?tokens=10&rate=0']);
    const days: Array<{ day: string; usd: number }> = body.byDay;
    expect(days[0]!.day).toBe(`${today().slice(0, 7)}-01`);
    expect(days.find((d) => d.day === today())!.usd).toBeCloseTo(total, 8);
    expect(days.filter((d) => d.day !== today()).every((d) => d.usd === 0)).toBe(true);
    // The spending the budget counts is the same figure.
    expect(await server.hotline.budgets.ledger.spent(alice.user.id, today().slice(0, 7))).toBeCloseTo(total, 8);
  });

  it('GET /api/usage counts the tokens of a reply whose cost was estimated, as Hotline counted them', async () => {
    const carol = await signUpUser(server.url);
    const chat = await carol.client.newChat({ model: 'openai:usage-a?tokens=500&rate=100', title: 'Stopped' });
    const question = 'Tell me everything';
    const { assistantMessage } = await carol.client.send(chat.id, question);
    const stream = await openEventStream(`${server.url}/api/messages/${assistantMessage.id}/events`, carol.client.token!);
    await stream.until((events) => events.filter((e) => e.event === 'delta').length >= 5);
    await carol.client.post(`/api/messages/${assistantMessage.id}/stop`);
    await stream.closed;
    const reply = await carol.client.settled(assistantMessage.id);
    // Stopped: the provider reported no usage, and the cost was counted by Hotline.
    expect(reply).toMatchObject({ status: 'cancelled', usage: { inputTokens: null, outputTokens: null }, cost: { estimated: true } });

    const { body } = await carol.client.get('/api/usage');
    const counted = { inputTokens: 4 + encode(question).length, outputTokens: encode(reply.content).length };
    expect(counted.outputTokens).toBeGreaterThan(0);
    expect(body).toMatchObject({ usd: reply.cost.usd, ...counted });
    expect(body.byModel).toEqual([{ model: chat.model, usd: reply.cost.usd, ...counted }]);
  });

  it('takes a range of days, refuses one that is not, and shows nobody another user’s spending', async () => {
    const bob = await signUpUser(server.url);
    const earlier = await bob.client.get('/api/usage?from=2020-01-01&to=2020-01-31');
    expect(earlier.status).toBe(200);
    expect(earlier.body).toMatchObject({ usd: 0, inputTokens: 0, byModel: [] });
    expect(earlier.body.byDay).toHaveLength(31);
    expect((await bob.client.get(`/api/usage?from=${today()}`)).body.byModel).toEqual([]);
    for (const bad of ['from=2026-02-30', 'from=yesterday', 'from=2026-03-10&to=2026-03-01', 'from=2020-01-01&to=2026-01-01']) {
      const refused = await bob.client.get(`/api/usage?${bad}`);
      expect(refused.status, bad).toBe(422);
      expect(refused.body.error.code).toBe('invalid_query');
    }
    expect((await new ApiClient(server.url).get('/api/usage')).status).toBe(401);
  });

  it('the usage page charts the month as SVG drawn on the server, and each reply shows its cost', async () => {
    const browser = new WebClient(server.url);
    const { email, password } = await browser.signUp();
    const client = new ApiClient(server.url, (await new ApiClient(server.url).post('/api/session', { email, password })).body.token);
    const { chat, reply } = await answered(client, 'openai:usage-a?tokens=10&rate=0', 'Priced <b>chat</b>');

    const page = await browser.get('/usage');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<svg class="usage-chart" data-testid="usage-chart"[^>]*role="img"/);
    expect(page.text.match(/<rect class="usage-chart__bar"/g)).toHaveLength(
      new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 0)).getUTCDate(),
    );
    expect(page.text).toContain('openai:usage-a?tokens=10&amp;rate=0');
    expect(page.text).toContain('of your $20.00 monthly budget spent');

    const chatPage = await browser.get(`/chats/${chat.id}`);
    const cost = chatPage.text.match(/data-testid="cost"[^>]*>([^<]*)</);
    expect(cost?.[1]).toBe(reply.cost.usd >= 0.01 ? `$${reply.cost.usd.toFixed(2)}` : `$${reply.cost.usd.toPrecision(2)}`);
  });
});
