import { afterAll, describe, expect, it } from 'vitest';
import { RedisEventLog } from '../../src/adapters/event-log/redis.ts';
import { ChannelHub } from '../../src/adapters/redis/channel-hub.ts';
import { RedisConnections } from '../../src/adapters/redis/connections.ts';
import type { MessageRow } from '../../src/messages/message.ts';
import type { LogEntry } from '../../src/streams/event-log.ts';
import type { ReplyEvent } from '../../src/streams/reply-events.ts';
import { openFollower, type Delivery } from '../../src/streams/reply-follower.ts';
import { redisUp, redisUrl } from '../support/services.ts';

let unique = 0;
const newReplyId = () => `push-${process.pid}-${Date.now()}-${++unique}`;
const delta = (text: string): ReplyEvent => ({ type: 'delta', text });
const done: ReplyEvent = {
  type: 'done',
  status: 'completed',
  finishReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: null, reasoningTokens: null },
};
const streaming = (id: string) => ({ id, status: 'streaming', content: '', parts: null }) as MessageRow;
const texts = (deliveries: Delivery[]) => deliveries.flatMap((d) => (d === 'idle' ? [] : d.filter((f) => f.type === 'delta').map((f) => f.text))).join('');

const opened: RedisConnections[] = [];
afterAll(async () => {
  for (const connections of opened) await connections.close();
});

/** The Redis log, counting its reads (XRANGE) and the script calls its connection sends. */
class CountingLog extends RedisEventLog {
  reads = 0;
  override read(replyId: string, after: string | null, limit: number): Promise<LogEntry[]> {
    this.reads++;
    return super.read(replyId, after, limit);
  }
}

/** A hub that loses some messages on the way to some listeners, as a reconnection does, and hands others over twice. */
class UnreliableHub extends ChannelHub {
  dropped = 0;
  repeated = 0;
  override listen(channel: string, listener: (message: string) => void): Promise<() => void> {
    let seen = 0;
    const salt = unique++;
    return super.listen(channel, (message) => {
      seen++;
      // Never the end: a follower that missed it would wait for its keep-alive to read.
      if (!message.includes('"done"') && (seen + salt) % 5 === 0) return void this.dropped++;
      listener(message);
      // As if heard after a read that took its entries already.
      if ((seen + salt) % 7 === 0) {
        this.repeated++;
        listener(message);
      }
    });
  }
}

async function redisLog<T extends ChannelHub>(makeHub: (subscriber: RedisConnections['subscriber']) => T) {
  const connections = new RedisConnections(redisUrl);
  opened.push(connections);
  let scriptCalls = 0;
  const send = connections.commands.sendCommand.bind(connections.commands);
  connections.commands.sendCommand = (command, stream) => {
    if (/^eval/i.test(command.name)) scriptCalls++;
    return send(command, stream);
  };
  const hub = makeHub(connections.subscriber);
  return { log: new CountingLog(connections.commands, hub), hub, scriptCalls: () => scriptCalls };
}

/** Follows a reply from `from`, resolving with the text it was handed; `slow` makes every third delivery wait. */
async function follow(log: RedisEventLog, replyId: string, from: number, slow = false): Promise<() => Promise<string>> {
  const follower = await openFollower({ eventLog: log, findMessage: async () => streaming(replyId) }, streaming(replyId), {
    from,
    keepAliveMs: 10_000,
    signal: new AbortController().signal,
  });
  const got: Delivery[] = [];
  const running = follower.run((delivery) => {
    got.push(delivery);
    return slow && got.length % 3 === 0 ? new Promise((resolve) => setImmediate(() => resolve(true))) : true;
  });
  return async () => (await running, texts(got));
}

describe.runIf(redisUp)('Redis event log: the push path', () => {
  it('serves a follower at the tail from the published entries, with no read per token', async () => {
    const { log } = await redisLog((s) => new ChannelHub(s));
    const id = newReplyId();
    await log.append(id, delta('0'));
    const followed = await follow(log, id, 0);
    let expected = '0';
    for (let i = 1; i < 60; i++) {
      await log.append(id, delta(` ${i}`));
      expected += ` ${i}`;
    }
    await log.append(id, done);
    expect(await followed()).toBe(expected);
    // Its first read when it opened, and none for the 60 entries after it (but on a machine so busy that
    // a turn of the event loop runs long, or a message comes in while it reads: then it reads once more).
    expect(log.reads).toBeLessThanOrEqual(3);
  });

  it('appends for many replies in one round trip, each in order', async () => {
    const { log, scriptCalls } = await redisLog((s) => new ChannelHub(s));
    const ids = Array.from({ length: 20 }, newReplyId);
    await Promise.all(ids.map((id) => log.append(id, delta('warm'))));
    const before = scriptCalls();
    const appended = await Promise.all(ids.map((id) => log.appendAll(id, [delta('a'), delta('b')], { create: false })));
    expect(appended.every(Boolean)).toBe(true);
    // All twenty replies' appends were made in the same turn: one script call carried them.
    expect(scriptCalls() - before).toBe(1);
    for (const id of ids) expect((await log.read(id, null, 10)).map((e) => e.event)).toEqual([delta('warm'), delta('a'), delta('b')]);
    // A log that does not exist gets nothing unless told to create it, even in a batch with others.
    const gone = newReplyId();
    const [missing, present] = await Promise.all([
      log.appendAll(gone, [delta('x')], { create: false }),
      log.appendAll(ids[0]!, [delta('c')], { create: false }),
    ]);
    expect([missing, present]).toEqual([false, true]);
    expect(await log.read(gone, null, 10)).toEqual([]);
  });

  it('never misses or repeats an entry for followers that join mid-burst, miss messages, hear them twice or are busy', async () => {
    const { log, hub } = await redisLog((s) => new UnreliableHub(s));
    const id = newReplyId();
    let full = '';
    let confirmed = 0;
    const writes: Promise<unknown>[] = [];
    const followers: Array<{ from: number; text: Promise<() => Promise<string>> }> = [];
    for (let i = 0; i < 400; i++) {
      const text = `${i},`;
      full += text;
      const length = full.length;
      // Not awaited, mostly: appends pile up while a round trip is out and go together, several to a message.
      writes.push(log.appendAll(id, [delta(text)], { create: i === 0 }).then(() => (confirmed = Math.max(confirmed, length))));
      if (i % 3 === 0) await writes.at(-1);
      if (i % 50 === 3) followers.push({ from: 0, text: follow(log, id, 0, i % 100 === 3) });
      if (i % 50 === 28) followers.push({ from: confirmed, text: follow(log, id, confirmed, i % 100 === 28) });
    }
    await Promise.all(writes);
    await log.append(id, done);
    for (const { from, text } of followers) expect(await (await text)()).toBe(full.slice(from));
    // The test went through what it means to: lost and repeated messages, and reads from the cursor to make up for them.
    expect(hub.dropped).toBeGreaterThan(0);
    expect(hub.repeated).toBeGreaterThan(0);
    expect(log.reads).toBeGreaterThan(followers.length);
  });
});
