import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import type { ApiClient } from '../support/api-client.ts';
import { signUpUser } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';

const flushIntervalMs = 250;

let server: HotlineUnderTest;
let alice: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_FLUSH_INTERVAL_MS: String(flushIntervalMs) });
  alice = (await signUpUser(server.url)).client;
});
afterAll(() => server.close());

/** The `update "messages"` statements the process ran for one message. */
const updatesOf = (messageId: string): number =>
  server.queries.filter((event) => event.level === 'query' && /^update "messages"/i.test(event.query.sql) && event.query.parameters.includes(messageId)).length;

/** Streams one reply to its end; returns its database writes and how long it took, measured from outside. */
async function writesForReply(tokens: number, rate: number): Promise<{ writes: number; durationMs: number; bound: number }> {
  const chat = await alice.newChat({ model: `openai:batched-${tokens}-at-${rate}?tokens=${tokens}&rate=${rate}` });
  const started = Date.now();
  const turn = await alice.send(chat.id, 'Write at length');
  const message = await alice.settled(turn.assistantMessage.id, 30_000);
  const durationMs = Date.now() - started;
  expect(message).toMatchObject({ status: 'completed', content: expectedText(tokens) });
  expect(message.durationMs).toBeGreaterThanOrEqual(((tokens - 1) / rate) * 1000 * 0.9);
  const writes = updatesOf(message.id);
  return { writes, durationMs, bound: durationMs / flushIntervalMs + 2 };
}

describe('batched writes', () => {
  it('a 100-token reply at 100 tokens per second writes its message at most once per flush interval, plus its claim and its ending', async () => {
    const { writes, bound } = await writesForReply(100, 100);
    expect(writes).toBeGreaterThanOrEqual(2);
    expect(writes).toBeLessThanOrEqual(bound);
  });

  it('a 500-token reply at 50 tokens per second stays within the same bound (prints its write count)', async () => {
    const { writes, durationMs, bound } = await writesForReply(500, 50);
    console.log(
      `500 tokens at 50 tok/s: ${writes} "update messages" statements in ${durationMs} ms (bound ${bound.toFixed(1)}, flush interval ${flushIntervalMs} ms)`,
    );
    expect(writes).toBeLessThanOrEqual(bound);
  }, 30_000);
});
