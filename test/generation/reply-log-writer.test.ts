import { afterEach, describe, expect, it } from 'vitest';
import { RedisEventLog } from '../../src/adapters/event-log/redis.ts';
import { ChannelHub } from '../../src/adapters/redis/channel-hub.ts';
import { RedisConnections } from '../../src/adapters/redis/connections.ts';
import { OutageBudget } from '../../src/generation/outage-budget.ts';
import { ReplyLogWriter } from '../../src/generation/reply-log-writer.ts';
import type { MessageRow } from '../../src/messages/message.ts';
import type { ReplyEvent } from '../../src/streams/reply-events.ts';
import { openFollower, type Delivery } from '../../src/streams/reply-follower.ts';
import { seedEvents } from '../../src/streams/reply-seed.ts';
import { StorageUnavailable } from '../../src/storage-outage.ts';
import { runRedis } from '../support/processes.ts';

const done: ReplyEvent = {
  type: 'done',
  status: 'completed',
  finishReason: 'stop',
  usage: { inputTokens: null, outputTokens: null, cachedInputTokens: null, reasoningTokens: null },
};
const texts = (deliveries: Delivery[]) => deliveries.flatMap((d) => (d === 'idle' ? [] : d.filter((f) => f.type === 'delta').map((f) => f.text))).join('');

/** A job's writer over a private Redis that the test kills: the text it writes, as the job keeps it. */
async function setUp(outageMs = 30_000) {
  const redis = await runRedis();
  const connections = new RedisConnections(redis.url);
  const log = new RedisEventLog(connections.commands, new ChannelHub(connections.subscriber));
  const replyId = `reply-${Date.now()}`;
  let content = '';
  const failures: unknown[] = [];
  const writer = new ReplyLogWriter(
    log,
    replyId,
    new OutageBudget(outageMs),
    () => ({ events: seedEvents({ parts: content ? [{ type: 'text', text: content, at: 0 }] : [], thinking: [], sources: null }), length: content.length }),
    (error) => failures.push(error),
  );
  const write = (text: string) => {
    writer.write({ type: 'delta', text, at: content.length });
    content += text;
  };
  const row = { id: replyId, status: 'streaming', content: '', parts: null, thinking: '[]', sources: null } as MessageRow;
  const follow = async () => {
    const got: Delivery[] = [];
    const follower = await openFollower({ eventLog: log, findMessage: async () => row }, row, {
      from: 0,
      keepAliveMs: 60_000,
      signal: new AbortController().signal,
    });
    const running = follower.run((d) => (got.push(d), true));
    return { got, running };
  };
  cleanups.push(async () => {
    await connections.close();
    await redis.stop('SIGKILL');
  });
  return {
    redis: () => redis,
    restart: async () => void Object.assign(redis, await runRedis(redis.port)),
    connections,
    log,
    replyId,
    writer,
    write,
    follow,
    failures,
    text: () => content,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ReplyLogWriter', () => {
  it('writes a log Redis lost (restarted empty) again from the start, and a subscriber of the old one assembles exactly the text', async () => {
    const t = await setUp();
    const { got, running } = await t.follow();
    for (const word of ['Once ', 'upon ', 'a ']) t.write(word);
    await t.writer.settled();
    await until(() => texts(got) === 'Once upon a ');
    await t.redis().stop('SIGKILL');
    // Written while Redis is down: the job does not wait for it.
    t.write('time');
    await t.restart();
    t.write(', the end.');
    await t.writer.settled();
    await t.log.appendAll(t.replyId, [done], { create: false });
    await running;
    expect(texts(got)).toBe('Once upon a time, the end.');
    // A fresh reader of the new log gets the whole text too.
    const fresh = await t.follow();
    await fresh.running;
    expect(texts(fresh.got)).toBe('Once upon a time, the end.');
    expect(t.failures).toEqual([]);
  }, 30_000);

  it('gives up once the storage has been out for longer than its budget, telling the job it is storage', async () => {
    const t = await setUp(300);
    t.write('Hello');
    await t.writer.settled();
    await t.redis().stop('SIGKILL');
    t.write(' world');
    await expect(t.writer.settled()).rejects.toBeInstanceOf(StorageUnavailable);
    expect(t.failures).toHaveLength(1);
    expect(t.failures[0]).toBeInstanceOf(StorageUnavailable);
  }, 30_000);
});
