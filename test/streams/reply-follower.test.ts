import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../../src/adapters/event-log/memory.ts';
import type { MessageRow } from '../../src/messages/message.ts';
import type { Appended } from '../../src/streams/event-log.ts';
import type { ReplyEvent } from '../../src/streams/reply-events.ts';
import { ResumeBeyondReply } from '../../src/streams/stored-frames.ts';
import { openFollower, type Delivery, type FollowOptions } from '../../src/streams/reply-follower.ts';

const streaming = { id: 'reply-1', status: 'streaming', content: '', parts: null } as MessageRow;
const delta = (text: string): ReplyEvent => ({ type: 'delta', text });
const done: ReplyEvent = {
  type: 'done',
  status: 'completed',
  finishReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: null, reasoningTokens: null },
};
const options = (over: Partial<FollowOptions> = {}): FollowOptions => ({ from: 0, keepAliveMs: 10_000, signal: new AbortController().signal, ...over });
const deps = (log: MemoryEventLog, stored: MessageRow = streaming) => ({ eventLog: log, findMessage: async () => stored });
const texts = (deliveries: Delivery[]) => deliveries.flatMap((d) => (d === 'idle' ? [] : d.filter((f) => f.type === 'delta').map((f) => f.text)));

/** A memory log that only hints, as Redis does: its watchers must read what was appended. */
class HintingLog extends MemoryEventLog {
  override watch(replyId: string, onAppend: (appended?: Appended) => void): Promise<() => void> {
    return super.watch(replyId, () => onAppend());
  }
}

/** A memory log that counts the watches held on it. */
class CountingLog extends MemoryEventLog {
  live = 0;
  override async watch(replyId: string, onAppend: (appended?: Appended) => void): Promise<() => void> {
    const unwatch = await super.watch(replyId, onAppend);
    this.live++;
    return () => {
      this.live--;
      unwatch();
    };
  }
}

describe('ReplyFollower', () => {
  it('hands a subscriber at the tail each entry inside the append that wrote it', async () => {
    const log = new MemoryEventLog();
    await log.append(streaming.id, delta('Hel'));
    const follower = await openFollower(deps(log), streaming, options());
    const got: Delivery[] = [];
    const running = follower.run((d) => (got.push(d), true));
    expect(got).toEqual([[{ type: 'delta', text: 'Hel', position: 3 }]]);
    // Not awaited: the frame is handed over before append returns, with no read and no task in between.
    void log.append(streaming.id, delta('lo'));
    expect(got.at(-1)).toEqual([{ type: 'delta', text: 'lo', position: 5 }]);
    void log.append(streaming.id, done);
    expect(got.at(-1)).toEqual([done]);
    await running;
    expect(log.size).toBe(1);
  });

  it('in a long turn of the event loop, hands over what a subscriber is owed as one delivery when the turn ends', async () => {
    const log = new MemoryEventLog();
    const follower = await openFollower(deps(log), streaming, options());
    const got: Delivery[] = [];
    const running = follower.run((d) => (got.push(d), true));
    void log.append(streaming.id, delta('a'));
    expect(got).toEqual([[{ type: 'delta', text: 'a', position: 1 }]]);
    // The turn runs long (the server is busy), then more tokens arrive in the same turn.
    const busyUntil = performance.now() + 30;
    while (performance.now() < busyUntil);
    for (const text of ['b', 'c', 'd']) void log.append(streaming.id, delta(text));
    expect(got).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    await until(() => got.length === 2);
    expect(got[1]).toEqual([{ type: 'delta', text: 'bcd', position: 4 }]);
    await log.append(streaming.id, done);
    await running;
    expect(texts(got).join('')).toBe('abcd');
  });

  it('gathers what was appended while its subscriber was not ready into one delivery, in order', async () => {
    const log = new MemoryEventLog();
    const follower = await openFollower(deps(log), streaming, options());
    const got: Delivery[] = [];
    let ready!: (more: boolean) => void;
    const running = follower.run((d) => {
      got.push(d);
      return got.length === 1 ? new Promise<boolean>((resolve) => (ready = resolve)) : true;
    });
    await log.append(streaming.id, delta('a'));
    for (const text of ['b', 'c', 'd']) await log.append(streaming.id, delta(text));
    expect(texts(got)).toEqual(['a']);
    ready(true);
    await until(() => got.length === 2);
    expect(got[1]).toEqual([{ type: 'delta', text: 'bcd', position: 4 }]);
    await log.append(streaming.id, done);
    await running;
    expect(texts(got).join('')).toBe('abcd');
  });

  it('reads from its cursor when the log only hints, and misses nothing', async () => {
    const log = new HintingLog();
    const follower = await openFollower(deps(log), streaming, options());
    const got: Delivery[] = [];
    const running = follower.run((d) => (got.push(d), true));
    const words = Array.from({ length: 50 }, (_, i) => `w${i} `);
    for (const word of words) void log.append(streaming.id, delta(word));
    await log.append(streaming.id, done);
    await running;
    expect(texts(got).join('')).toBe(words.join(''));
    expect((got.at(-1) as Exclude<Delivery, 'idle'>).at(-1)).toEqual(done);
  });

  it('starts a resumed subscriber where it was, and refuses a position past the text', async () => {
    const log = new MemoryEventLog();
    for (const text of ['Hello', ', ', 'world']) await log.append(streaming.id, delta(text));
    const follower = await openFollower(deps(log), streaming, options({ from: 6 }));
    const got: Delivery[] = [];
    void follower.run((d) => (got.push(d), true));
    expect(got).toEqual([[{ type: 'delta', text: ' world', position: 12 }]]);
    follower.close();
    await expect(openFollower(deps(log), streaming, options({ from: 13 }))).rejects.toBeInstanceOf(ResumeBeyondReply);
  });

  it('answers from the stored message once the log has expired', async () => {
    const log = new MemoryEventLog();
    const ended = { ...streaming, status: 'completed', content: 'All done', thinking: '[]', sources: null, finish_reason: 'stop', error: null } as MessageRow;
    const follower = await openFollower(deps(log, ended), ended, options({ from: 4 }));
    const got: Delivery[] = [];
    await follower.run((d) => (got.push(d), true));
    expect(got).toHaveLength(1);
    expect((got[0] as Exclude<Delivery, 'idle'>)[0]).toEqual({ type: 'delta', text: 'done', position: 8 });
  });

  it('serves a subscriber from the stored message when the log has less than it, then goes on live without repeating a character', async () => {
    const log = new MemoryEventLog();
    const stored = { ...streaming, content: 'Hello, wor', thinking: '["Searching"]', sources: null } as MessageRow;
    // The log was lost and the job has not written again yet: it is empty, the database has 10 characters.
    const follower = await openFollower(deps(log, stored), stored, options({ from: 3 }));
    const got: Delivery[] = [];
    const running = follower.run((d) => (got.push(d), true));
    expect(got[0]).toEqual([
      { type: 'thinking', step: 'Searching', n: 0 },
      { type: 'delta', text: 'lo, wor', position: 10 },
    ]);
    // The job writes its log again from the start, then goes on: the subscriber takes only what is new.
    await log.append(stored.id, { type: 'thinking', step: 'Searching', n: 0 });
    await log.append(stored.id, { type: 'delta', text: 'Hello, world', at: 0 });
    await log.append(stored.id, { type: 'delta', text: '!', at: 12 });
    await log.append(stored.id, done);
    await running;
    expect(texts(got).join('')).toBe('lo, world!');
    expect(got.flatMap((d) => (d === 'idle' ? [] : d.filter((f) => f.type === 'thinking')))).toHaveLength(1);
  });

  it('fills a stretch the log lost from the stored message, and takes a resume id the log never reached', async () => {
    const log = new MemoryEventLog();
    await log.append(streaming.id, { type: 'delta', text: 'Hel', at: 0 });
    await log.append(streaming.id, { type: 'delta', text: 'wor', at: 7 });
    const stored = { ...streaming, content: 'Hello, wor', thinking: '[]', sources: null } as MessageRow;
    const follower = await openFollower(deps(log, stored), stored, options());
    const got: Delivery[] = [];
    const running = follower.run((d) => (got.push(d), true));
    await log.append(streaming.id, { type: 'delta', text: 'ld', at: 10 });
    await log.append(streaming.id, done);
    await running;
    expect(texts(got).join('')).toBe('Hello, world');
    // Position 9 is past the log's "Hel" but within the stored text: a valid id, not a 400.
    const short = new MemoryEventLog();
    await short.append(stored.id, { type: 'delta', text: 'Hel', at: 0 });
    const resumed = await openFollower(deps(short, stored), stored, options({ from: 9 }));
    const rest: Delivery[] = [];
    void resumed.run((d) => (rest.push(d), true));
    expect(texts(rest)).toEqual(['r']);
    resumed.close();
    await expect(openFollower(deps(short, stored), stored, options({ from: 11 }))).rejects.toBeInstanceOf(ResumeBeyondReply);
  });

  it('sends keep-alives only while nothing else goes out', async () => {
    const log = new MemoryEventLog();
    const follower = await openFollower(deps(log), streaming, options({ keepAliveMs: 60 }));
    const got: Delivery[] = [];
    const running = follower.run((d) => (got.push(d), true));
    // Tokens every 10 ms for 300 ms: never idle.
    for (let i = 0; i < 30; i++) {
      await log.append(streaming.id, delta('x'));
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(got.filter((d) => d === 'idle')).toHaveLength(0);
    // Then nothing for 300 ms: a keep-alive at least every interval.
    await new Promise((r) => setTimeout(r, 300));
    expect(got.filter((d) => d === 'idle').length).toBeGreaterThanOrEqual(3);
    await log.append(streaming.id, done);
    await running;
  });

  it('lets go of its watch when its subscriber says no more, or leaves', async () => {
    const log = new CountingLog();
    const first = await openFollower(deps(log), streaming, options());
    const running = first.run(() => false);
    await log.append(streaming.id, delta('a'));
    await running;
    const left = new AbortController();
    const second = await openFollower(deps(log), streaming, options({ signal: left.signal }));
    const got: Delivery[] = [];
    const stillRunning = second.run((d) => (got.push(d), true));
    left.abort();
    await stillRunning;
    await log.append(streaming.id, delta('b'));
    expect(texts(got)).toEqual(['a']);
    expect(log.live).toBe(0);
  });
});

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}
