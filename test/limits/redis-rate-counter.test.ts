import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateCounter } from '../../src/adapters/rate-counter/redis.ts';
import type { RateCounter } from '../../src/limits/rate-counter.ts';
import { RedisConnections } from '../../src/adapters/redis/connections.ts';
import { redisUp, redisUrl } from '../support/services.ts';
import { rateCounterContract } from './rate-counter.contract.ts';

const opened: RedisConnections[] = [];
afterAll(async () => {
  for (const connections of opened) await connections.close();
});

const connect = () => {
  const connections = new RedisConnections(redisUrl);
  opened.push(connections);
  return connections;
};

describe.runIf(redisUp)('Redis', () => {
  rateCounterContract('Redis', () => new RedisRateCounter(connect().commands));

  it('counts one window across processes: two connections see one count', async () => {
    const key = `shared-${process.pid}-${Date.now()}`;
    const a: RateCounter = new RedisRateCounter(connect().commands);
    const b: RateCounter = new RedisRateCounter(connect().commands);
    await a.add(key, 60_000);
    await b.add(key, 60_000);
    expect((await a.current(key, 60_000)).count).toBe(2);
  });
});
