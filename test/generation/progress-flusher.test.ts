import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressFlusher } from '../../src/generation/progress-flusher.ts';

const interval = 250;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A flusher whose writes are recorded by time; `random` fixes the first write's jitter. */
function recordingFlusher(random: () => number, write: () => Promise<boolean> = async () => true) {
  const writes: number[] = [];
  const lost = vi.fn();
  const flusher = new ProgressFlusher(
    () => {
      writes.push(Date.now());
      return write();
    },
    interval,
    () => Date.now(),
    lost,
    random,
  );
  return { flusher, writes, lost };
}

describe('ProgressFlusher', () => {
  it('writes first a full interval plus its jitter after the first change, never at it', async () => {
    const { flusher, writes } = recordingFlusher(() => 0.5);
    await vi.advanceTimersByTimeAsync(1_000); // constructed long before the first token
    flusher.changed();
    await vi.advanceTimersByTimeAsync(interval * 1.5 - 1);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual([1_000 + interval * 1.5]);
  });

  it('writes at most once per interval while changes keep coming, and not at all once they stop', async () => {
    const { flusher, writes } = recordingFlusher(() => 0.99);
    for (let t = 0; t < 3_000; t += 20) {
      flusher.changed();
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writes[0]).toBeGreaterThanOrEqual(interval);
    for (let i = 1; i < writes.length; i++) expect(writes[i]! - writes[i - 1]!).toBeGreaterThanOrEqual(interval);
    // 3 s of changes: the first write before 2 intervals, then one per interval, the last for the final changes.
    expect(writes.length).toBeLessThanOrEqual(3_000 / interval);
    expect(writes.at(-1)).toBeGreaterThanOrEqual(3_000 - 20);
  });

  it('spreads the writes of replies that start together over the interval', async () => {
    const flushers = Array.from({ length: 100 }, () => recordingFlusher(Math.random));
    for (const { flusher } of flushers) flusher.changed();
    await vi.advanceTimersByTimeAsync(2 * interval);
    const firsts = flushers.map(({ writes }) => writes[0]!);
    expect(Math.min(...firsts)).toBeGreaterThanOrEqual(interval);
    expect(Math.max(...firsts)).toBeLessThan(2 * interval);
    // 100 uniform draws leave no tenth of the window empty (the chance they do is below 1e-3).
    for (let tenth = 0; tenth < 10; tenth++) {
      const from = interval + (tenth * interval) / 10;
      expect(firsts.some((t) => t >= from && t < from + interval / 10)).toBe(true);
    }
  });

  it('stop() cancels a pending write, waits for one in progress, and nothing is written after it', async () => {
    let finish!: (stillStreaming: boolean) => void;
    const { flusher, writes } = recordingFlusher(
      () => 0,
      () => new Promise<boolean>((resolve) => (finish = resolve)),
    );
    flusher.changed();
    await vi.advanceTimersByTimeAsync(interval);
    expect(writes).toHaveLength(1);
    flusher.changed(); // dirty again while the write is in progress
    let stopped = false;
    const stopping = flusher.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(false);
    finish(true);
    await stopping;
    await vi.advanceTimersByTimeAsync(5 * interval);
    expect(writes).toHaveLength(1);

    const pending = recordingFlusher(() => 0);
    pending.flusher.changed();
    await pending.flusher.stop();
    await vi.advanceTimersByTimeAsync(5 * interval);
    expect(pending.writes).toEqual([]);
  });

  it('tells once that the reply ended under it, and survives a failed write', async () => {
    const results = [Promise.reject(new Error('disk full')), Promise.resolve(false)];
    results[0]!.catch(() => {});
    const { flusher, writes, lost } = recordingFlusher(
      () => 0,
      () => results.shift()!,
    );
    flusher.changed();
    await vi.advanceTimersByTimeAsync(interval);
    expect(lost).not.toHaveBeenCalled();
    flusher.changed();
    await vi.advanceTimersByTimeAsync(interval);
    expect(writes).toEqual([interval, 2 * interval]);
    expect(lost).toHaveBeenCalledTimes(1);
  });
});
