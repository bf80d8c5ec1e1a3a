import type { Redis } from 'ioredis';
import type { RateCounter } from '../../limits/rate-counter.ts';

const keyOf = (key: string) => `hotline:count:${key}`;

/** Scale-out: a window is a Redis counter whose TTL is the window, shared by every web process. */
export class RedisRateCounter implements RateCounter {
  constructor(private readonly redis: Redis) {}

  async current(key: string): Promise<{ count: number; resetInMs: number }> {
    const [[, count], [, ttl]] = (await this.redis.multi().get(keyOf(key)).pttl(keyOf(key)).exec()) as [[null, string | null], [null, number]];
    return count === null || ttl < 0 ? { count: 0, resetInMs: 0 } : { count: Number(count), resetInMs: ttl };
  }

  async add(key: string, windowMs: number): Promise<void> {
    // NX: only the first event of a window sets its end; the rest count within it.
    await this.redis.multi().incr(keyOf(key)).pexpire(keyOf(key), windowMs, 'NX').exec();
  }
}
