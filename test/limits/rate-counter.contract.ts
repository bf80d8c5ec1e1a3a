import { describe, expect, it } from 'vitest';
import type { RateCounter } from '../../src/limits/rate-counter.ts';

let unique = 0;
const newKey = () => `counter-${process.pid}-${Date.now()}-${++unique}`;

/** What every RateCounter must do; run by the in-memory and the Redis implementation alike. */
export function rateCounterContract(name: string, makeCounter: () => RateCounter): void {
  describe(`${name} rate counter (contract)`, () => {
    it('starts at zero with no window open', async () => {
      expect(await makeCounter().current(newKey(), 60_000)).toEqual({ count: 0, resetInMs: 0 });
    });

    it('counts within one window, which ends when the first count’s window does', async () => {
      const counter = makeCounter();
      const key = newKey();
      for (let i = 0; i < 3; i++) await counter.add(key, 60_000);
      const { count, resetInMs } = await counter.current(key, 60_000);
      expect(count).toBe(3);
      expect(resetInMs).toBeGreaterThan(0);
      expect(resetInMs).toBeLessThanOrEqual(60_000);
    });

    it('keeps keys apart', async () => {
      const counter = makeCounter();
      const [a, b] = [newKey(), newKey()];
      await counter.add(a, 60_000);
      await counter.add(a, 60_000);
      await counter.add(b, 60_000);
      expect((await counter.current(a, 60_000)).count).toBe(2);
      expect((await counter.current(b, 60_000)).count).toBe(1);
    });

    it('starts again from zero once the window has ended, and later counts do not stretch it', async () => {
      const counter = makeCounter();
      const key = newKey();
      await counter.add(key, 150);
      await counter.add(key, 150);
      const deadline = Date.now() + 5_000;
      while ((await counter.current(key, 150)).count !== 0) {
        if (Date.now() > deadline) throw new Error('the window never ended');
        await new Promise((r) => setTimeout(r, 20));
      }
      await counter.add(key, 60_000);
      expect((await counter.current(key, 60_000)).count).toBe(1);
    });
  });
}
