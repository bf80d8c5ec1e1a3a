import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../../src/costs/spending-ledger.ts';
import { sweepStaleReplies } from '../../src/generation/stale-sweep.ts';
import { signUpUser, type SignedUp } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';

const price = { input: 2, output: 8 };
let server: HotlineUnderTest;
let alice: SignedUp;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_PRICES: JSON.stringify({ 'openai:cut': price }), HOTLINE_BUDGET_USD_PER_MONTH: '5' });
  alice = await signUpUser(server.url);
});
afterAll(() => server.close());

describe('the cost of a reply cut by a dead worker', () => {
  it('is counted from its prompt and the text it kept, marked estimated, and its budget reservation is settled to it', async () => {
    const { hotline } = server;
    const chat = await alice.client.newChat({ model: 'openai:cut?tokens=5&rate=0' });
    const at = new Date().toISOString();
    const [question, reply] = [hotline.newId(), hotline.newId()];
    const common = { chat_id: chat.id, user_id: alice.user.id, thinking: '[]', created_at: at, updated_at: at };
    // As a worker left it when its process died: claimed, half written, holding 50 cents of the budget.
    await hotline.messages.insertTurn(
      chat.id,
      alice.user.id,
      [
        { ...common, id: question, role: 'user', content: 'Are you still there?', status: 'completed', completed_at: at },
        {
          ...common,
          id: reply,
          reply_to: question,
          parent_id: question,
          role: 'assistant',
          content: 'Half a thought',
          status: 'streaming',
          model: chat.model,
          started_at: at,
        },
      ],
      Infinity,
    );
    await hotline.budgets.ledger.reserve({ id: reply, userId: alice.user.id, month: monthOf(at) }, 0.5, 5);

    expect(await sweepStaleReplies({ ...hotline, spending: hotline.budgets.ledger, staleAfterMs: 60_000, retentionMs: 60_000 })).toBe(1);
    const message = (await alice.client.get(`/api/messages/${reply}`)).body;
    expect(message).toMatchObject({ status: 'failed', content: 'Half a thought' });
    const usd = ((4 + encode('Are you still there?').length) * price.input + encode('Half a thought').length * price.output) / 1e6;
    expect(message.cost).toEqual({ usd: expect.closeTo(usd, 10), estimated: true });
    expect(await hotline.budgets.ledger.spent(alice.user.id, monthOf(at))).toBeCloseTo(usd, 10);
  });
});
