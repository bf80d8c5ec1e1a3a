import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../src/streams/event-log.ts';
import type { ReplyEvent } from '../../src/streams/reply-events.ts';
import { waitForMore } from '../../src/streams/wait-for-more.ts';

let unique = 0;
const newReplyId = () => `reply-${process.pid}-${Date.now()}-${++unique}`;
const delta = (text: string): ReplyEvent => ({ type: 'delta', text });

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a watcher');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * What every EventLog implementation must do. Run by each implementation's test file with its own
 * factory (memory here; Redis Streams in the scale-out suite).
 */
export function eventLogContract(name: string, makeLog: () => Promise<EventLog>): void {
  describe(`${name} event log (contract)`, () => {
    let log: EventLog;
    beforeEach(async () => {
      log = await makeLog();
    });
    afterEach(async () => {
      await log.close();
    });

    it('returns offsets that read back the events in append order', async () => {
      const id = newReplyId();
      const offsets = [];
      for (const text of ['a', 'b', 'c']) offsets.push(await log.append(id, delta(text)));
      expect(new Set(offsets).size).toBe(3);
      const all = await log.read(id, null, 100);
      expect(all.map((e) => e.offset)).toEqual(offsets);
      expect(all.map((e) => e.event)).toEqual([delta('a'), delta('b'), delta('c')]);
    });

    it('reads from any offset, exclusive, at most `limit` entries', async () => {
      const id = newReplyId();
      const offsets = [];
      for (let i = 0; i < 10; i++) offsets.push(await log.append(id, delta(String(i))));
      const afterThird = await log.read(id, offsets[2]!, 4);
      expect(afterThird.map((e) => e.event)).toEqual(['3', '4', '5', '6'].map(delta));
      expect(await log.read(id, offsets[9]!, 10)).toEqual([]);
    });

    it('round-trips every kind of event exactly, including multi-byte text', async () => {
      const id = newReplyId();
      const events: ReplyEvent[] = [
        { type: 'thinking', step: 'Searching the knowledge base' },
        { type: 'sources', sources: [{ title: 'Ünïcode', excerpt: 'a "quoted"\nline', relevance: 0.87 }] },
        delta('héllo 🌍 日本語\n\n`code`'),
        { type: 'done', status: 'completed', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 4, cachedInputTokens: null, reasoningTokens: null } },
        { type: 'error', status: 'failed', message: 'The model provider had an internal error (HTTP 500).' },
      ];
      for (const event of events) await log.append(id, event);
      expect((await log.read(id, null, 100)).map((e) => e.event)).toEqual(events);
    });

    it('appends several events in order, and only to a log that exists unless told to create one', async () => {
      const id = newReplyId();
      expect(await log.appendAll(id, [delta('lost')], { create: false })).toBe(false);
      expect(await log.read(id, null, 10)).toEqual([]);
      expect(await log.appendAll(id, [delta('a'), delta('b')], { create: true })).toBe(true);
      expect(await log.appendAll(id, [delta('c')], { create: false })).toBe(true);
      expect((await log.read(id, null, 10)).map((e) => e.event)).toEqual(['a', 'b', 'c'].map(delta));
    });

    it('keeps the logs of different replies apart', async () => {
      const [a, b] = [newReplyId(), newReplyId()];
      await log.append(a, delta('for a'));
      await log.append(b, delta('for b'));
      expect((await log.read(a, null, 10)).map((e) => e.event)).toEqual([delta('for a')]);
      expect(await log.read(newReplyId(), null, 10)).toEqual([]);
    });

    it('answers a wait at once when there is already more to read', async () => {
      const id = newReplyId();
      const offset = await log.append(id, delta('x'));
      expect(await waitForMore(log, id, null, 5_000)).toBe(true);
      await log.append(id, delta('y'));
      expect(await waitForMore(log, id, offset, 5_000)).toBe(true);
    });

    it('wakes every waiter when the writer appends, without waiting for the timeout', async () => {
      const id = newReplyId();
      const first = await log.append(id, delta('first'));
      const started = Date.now();
      const waits = Array.from({ length: 20 }, () => waitForMore(log, id, first, 10_000));
      setTimeout(() => void log.append(id, delta('second')), 50);
      expect(await Promise.all(waits)).toEqual(Array(20).fill(true));
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('waits for a reply whose log does not exist yet', async () => {
      const id = newReplyId();
      const wait = waitForMore(log, id, null, 10_000);
      setTimeout(() => void log.append(id, delta('late')), 50);
      expect(await wait).toBe(true);
    });

    it('gives up a wait after its timeout, or when its signal aborts', async () => {
      const id = newReplyId();
      await log.append(id, delta('only'));
      const [only] = await log.read(id, null, 1);
      expect(await waitForMore(log, id, only!.offset, 100)).toBe(false);
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 50);
      expect(await waitForMore(log, id, only!.offset, 10_000, abort.signal)).toBe(false);
    });

    it('calls every watcher after each append until it unwatches, and only for its own reply', async () => {
      const [id, other] = [newReplyId(), newReplyId()];
      const calls = { a: 0, b: 0 };
      const unwatchA = await log.watch(id, () => calls.a++);
      const unwatchB = await log.watch(id, () => calls.b++);
      await log.append(other, delta('elsewhere'));
      await log.append(id, delta('one'));
      await until(() => calls.a >= 1 && calls.b >= 1);
      unwatchA();
      await log.append(id, delta('two'));
      await until(() => calls.b >= 2);
      // None comes after an unwatch, nor for another reply's appends.
      await new Promise((r) => setTimeout(r, 100));
      expect(calls.a).toBe(1);
      unwatchB();
      await log.append(id, delta('three'));
      await new Promise((r) => setTimeout(r, 100));
      expect(calls.b).toBe(2);
    });

    it('drops an ended reply after its retention time, and not before', async () => {
      const id = newReplyId();
      await log.append(id, delta('kept for a while'));
      await log.expire(id, 1_500);
      expect(await log.read(id, null, 10)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 2_200));
      expect(await log.read(id, null, 10)).toEqual([]);
    });
  });
}
